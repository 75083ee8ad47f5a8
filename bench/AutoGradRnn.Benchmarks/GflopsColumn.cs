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

/// <summary>GFLOP/s of a benchmark whose parameters include an <see cref="IHasFlops"/>: its flops over the mean time.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Floating-point operations (2·m·n·k for a product) per nanosecond of the mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var flops = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IHasFlops>().FirstOrDefault();
        if (mean is null || flops is null || mean <= 0) return "-";
        return (flops.Flops / mean.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
