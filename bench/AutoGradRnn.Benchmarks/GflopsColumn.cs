using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoGradRnn.Benchmarks;

/// <summary>A benchmark parameter that knows how many floating-point operations one call performs.</summary>
public interface IHasFlops
{
    double Flops { get; }
}

/// <summary>GFLOP/s of a benchmark whose parameters include an <see cref="IHasFlops"/>: its flops over the mean time, or
/// over the best (minimum) time, which says more on a machine shared with other work.</summary>
public sealed class GflopsColumn(bool best) : IColumn
{
    public string Id => nameof(GflopsColumn) + (best ? ".Best" : "");
    public string ColumnName => best ? "GFLOP/s best" : "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => best
        ? "Floating-point operations (2·m·n·k for a product) per nanosecond of the fastest iteration"
        : "Floating-point operations (2·m·n·k for a product) per nanosecond of the mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? time = best ? statistics?.Min : statistics?.Mean;
        var flops = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IHasFlops>().FirstOrDefault();
        if (time is null || flops is null || time <= 0) return "-";
        return (flops.Flops / time.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
