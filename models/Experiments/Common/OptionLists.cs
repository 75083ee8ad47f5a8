using System.Globalization;
using AutoGradRnn.Models.App;

namespace AutoGradRnn.Models.Experiments.Common;

/// <summary>Comma-separated option values (<c>--lengths 5,10,20</c>, <c>--models elman,lstm</c>), checked with one-line errors.</summary>
public static class OptionLists
{
    /// <summary>Positive integers, each at most <paramref name="max"/>, without repeats.</summary>
    /// <exception cref="UsageException">Empty, not an integer, out of range or repeated.</exception>
    public static int[] PositiveIntegers(string text, string option, int max)
    {
        var items = Split(text, option);
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1 || values[i] > max)
                throw new UsageException($"{option}: '{items[i]}' is not an integer in [1, {max}]; expected a comma-separated list such as 5,10,20.");
        }
        if (values.Distinct().Count() != values.Length) throw new UsageException($"{option}: '{text}' repeats a value.");
        return values;
    }

    /// <summary>Positive finite numbers, without repeats.</summary>
    public static double[] PositiveNumbers(string text, string option)
    {
        var items = Split(text, option);
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] > 0) || !double.IsFinite(values[i]))
                throw new UsageException($"{option}: '{items[i]}' is not a positive number; expected a comma-separated list such as 0.5,1,2.");
        }
        if (values.Distinct().Count() != values.Length) throw new UsageException($"{option}: '{text}' repeats a value.");
        return values;
    }

    /// <summary>Names from <paramref name="allowed"/> (case-insensitive, returned in lower case), without repeats.</summary>
    public static string[] Names(string text, string option, IReadOnlyList<string> allowed)
    {
        var items = Split(text, option).Select(s => s.ToLowerInvariant()).ToArray();
        foreach (var item in items)
        {
            if (!allowed.Contains(item))
                throw new UsageException($"{option}: unknown '{item}'; expected a comma-separated list of {string.Join(", ", allowed)}.");
        }
        if (items.Distinct().Count() != items.Length) throw new UsageException($"{option}: '{text}' repeats a name.");
        return items;
    }

    private static string[] Split(string text, string option)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.Any(s => s.Length == 0))
            throw new UsageException($"{option}: '{text}' has an empty item; expected a comma-separated list.");
        return items;
    }
}
