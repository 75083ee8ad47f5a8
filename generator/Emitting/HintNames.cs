using System;
using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>
/// Hint names that the compiler accepts for every legal C# name: no '@' (an escaped identifier such as
/// <c>namespace App.@internal</c>), and unique under case-insensitive comparison, as the compiler compares them
/// (methods <c>F</c> and <c>f</c> in one class; a <c>[Parameters]</c> class <c>W</c> beside a method
/// <c>W.Parameters</c>). Every hint of the compilation is known (a collected step), so a colliding one gets
/// <c>_2</c>, <c>_3</c>, … in ordinal order of the colliding names, the same in every run.
/// </summary>
internal static class HintNames
{
    /// <summary>The hint name as the model states it, with the characters a hint cannot hold removed.</summary>
    public static string Clean(string hint) => hint.Replace("@", "");

    /// <summary>Each source's tag and hint, cleaned and sorted: the set a hint is made unique against.</summary>
    public static EquatableArray<string> Set(IEnumerable<string> methodHints, IEnumerable<string> containerHints) =>
        methodHints.Select(h => "m" + Clean(h)).Concat(containerHints.Select(h => "c" + Clean(h)))
            .OrderBy(h => h, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>The hint of a method's (<paramref name="tag"/> "m") or a container's ("c") file, unique in <paramref name="all"/>.</summary>
    public static string Unique(string tag, string hint, EquatableArray<string> all)
    {
        string clean = Clean(hint);
        var twins = all.Where(h => string.Equals(h.Substring(1), clean, StringComparison.OrdinalIgnoreCase)).ToList();
        int index = twins.IndexOf(tag + clean);
        if (index <= 0) return clean;
        const string Suffix = ".g.cs";
        string stem = clean.EndsWith(Suffix, StringComparison.Ordinal) ? clean.Substring(0, clean.Length - Suffix.Length) : clean;
        return stem + "_" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;
    }
}
