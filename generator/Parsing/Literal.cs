using System;
using System.Globalization;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Formats a compile-time constant as a C# literal: invariant culture, round-trip precision,
/// the right suffix, and NaN and infinities spelled as the members that hold them.</summary>
internal static class Literal
{
    public static string Format(object? value) => value switch
    {
        null => "null!",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        float f => FormatSingle(f),
        string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"",
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "double.NaN";
        if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
        string s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? s : s + ".0";
    }

    private static string FormatSingle(float f)
    {
        if (float.IsNaN(f)) return "float.NaN";
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        return f.ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
