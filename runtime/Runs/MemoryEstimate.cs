using System.Globalization;

namespace AutoGradRnn.Runs;

/// <summary>
/// The memory a run will need, added up from its tensors before any is allocated, so that sizes the machine cannot
/// hold are refused with the bytes needed (exit 2) instead of failing inside an allocation. Element counts are kept
/// in double precision, so a size like H = 2,000,000,000 is measured instead of overflowing.
/// </summary>
public sealed class MemoryEstimate
{
    /// <summary>The most bytes one tensor can take: its storage is one .NET array, and a checkpoint writes it as one span
    /// of bytes (2 GiB − 1).</summary>
    public const double MaxTensorBytes = int.MaxValue;

    private readonly List<(string What, double Elements, int ElementBytes)> _parts = [];
    private (string What, double Elements, int ElementBytes) _largest = ("", 0, 4);

    /// <summary>Adds <paramref name="copies"/> buffers of <paramref name="elements"/> elements, each one tensor (copies as a
    /// double, so that a count such as steps × layers cannot overflow).</summary>
    public MemoryEstimate Add(string what, double elements, int elementBytes = 4, double copies = 1)
    {
        if (copies <= 0 || elements <= 0) return this;
        _parts.Add((what, elements * copies, elementBytes));
        if (elements * elementBytes > _largest.Elements * _largest.ElementBytes) _largest = (what, elements, elementBytes);
        return this;
    }

    /// <summary>The total in bytes.</summary>
    public double Bytes => _parts.Sum(p => p.Elements * p.ElementBytes);

    /// <summary>The memory this process may use: the machine's, or its container's limit.</summary>
    public static double Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Refuses a run whose largest tensor is larger than a tensor can be, or whose total is more than
    /// <paramref name="available"/> bytes; <paramref name="settings"/> names the options that set the sizes.</summary>
    /// <exception cref="RunRefusedException">The run cannot fit.</exception>
    public void Check(string settings, double available)
    {
        if (_largest.Elements * _largest.ElementBytes > MaxTensorBytes)
            throw new RunRefusedException($"{settings}: the {_largest.What} would hold {Count(_largest.Elements)} elements ({Size(_largest.Elements * _largest.ElementBytes)}), " +
                                          $"more than one tensor can ({Size(MaxTensorBytes)}); choose smaller sizes.");
        if (Bytes > available)
            throw new RunRefusedException($"{settings}: needs about {Size(Bytes)} ({Breakdown()}), more than the {Size(available)} of memory available; choose smaller sizes.");
    }

    /// <summary>"1.2 GB", "830 MB": decimal units, three significant figures.</summary>
    public static string Size(double bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        int u = 0;
        while (bytes >= 1000 && u < units.Length - 1)
        {
            bytes /= 1000;
            u++;
        }
        return u == 0 ? $"{bytes:F0} bytes" : bytes.ToString(bytes >= 100 ? "F0" : bytes >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture) + " " + units[u];
    }

    private static string Count(double n) => n < 1e15 ? n.ToString("N0", CultureInfo.InvariantCulture) : n.ToString("0.##E+0", CultureInfo.InvariantCulture);

    private string Breakdown() => string.Join(", ", _parts.GroupBy(p => p.What).Select(g => $"{g.Key} {Size(g.Sum(p => p.Elements * p.ElementBytes))}"));
}
