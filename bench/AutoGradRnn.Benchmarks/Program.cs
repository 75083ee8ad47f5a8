using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoGradRnn.Benchmarks;

/// <summary>Run by hand: <c>dotnet run -c Release --project bench/AutoGradRnn.Benchmarks -- --filter '*'</c> (bench/README.md).</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance
            .AddColumn(StatisticColumn.Min, new GflopsColumn(best: false), new GflopsColumn(best: true))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(48)));
}
