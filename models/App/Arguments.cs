using System.Globalization;

namespace AutoGradRnn.Models.App;

/// <summary>The checks and formats every command applies to its options' values.</summary>
internal static class Arguments
{
    internal static void Positive(int value, string option, string what)
    {
        if (value <= 0) throw new UsageException($"{option} must be a positive integer ({what}), got {value}.");
    }

    internal static void NonNegative(int value, string option, string what)
    {
        if (value < 0) throw new UsageException($"{option} must be ≥ 0 ({what}), got {value}.");
    }

    /// <summary>"1 window", "2,400 windows".</summary>
    internal static string Plural(long count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>"42s", "3m 05s", "2h 10m", "?" when unknown.</summary>
    internal static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return "?";
        if (seconds >= 100 * 86400) return $"{seconds / 86400:N0} days";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:D2}s" : $"{t.Seconds}s";
    }
}
