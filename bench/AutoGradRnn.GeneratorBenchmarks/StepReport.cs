using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator;

namespace AutoGradRnn.GeneratorBenchmarks;

/// <summary>
/// <c>-- --steps</c>: where a run's time goes, step by step (the generator's named steps and Roslyn's own), and what an
/// incremental run after the one-character edit re-did: how many outputs of each step were New, Modified, Unchanged or
/// Cached. Medians of 21 runs; a rough complement to the BenchmarkDotNet figures, not a replacement.
/// </summary>
public static class StepReport
{
    private const int Runs = 21;

    public static void Run()
    {
        var bench = new GeneratorBenchmarks();
        bench.Setup();
        var project = GeneratorBenchmarks.Project();
        var edited = bench.Edited;
        Report("full run", () => Tracking().RunGenerators(project));
        var warm = Tracking().RunGenerators(project);
        Report("incremental run after a one-character edit", () => warm.RunGenerators(edited));
    }

    private static GeneratorDriver Tracking() => CSharpGeneratorDriver.Create(
        [new DifferentiableGenerator().AsSourceGenerator()],
        parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static void Report(string title, Func<GeneratorDriver> run)
    {
        var totals = new List<double>();
        var steps = new Dictionary<string, List<double>>();
        GeneratorRunResult last = default;
        for (int i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var driver = run();
            totals.Add(clock.Elapsed.TotalMilliseconds);
            last = driver.GetRunResult().Results[0];
            foreach (var (name, runs) in last.TrackedSteps)
            {
                if (!steps.TryGetValue(name, out var list)) steps[name] = list = new List<double>();
                list.Add(runs.Sum(r => r.ElapsedTime.TotalMilliseconds));
            }
        }
        Console.WriteLine($"{title}: median {Median(totals):F1} ms (min {totals.Min():F1} ms) over {Runs} runs");
        foreach (var (name, list) in steps.OrderByDescending(s => Median(s.Value)).Take(6))
        {
            var reasons = last.TrackedSteps[name].SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => g.Key + " " + g.Count());
            Console.WriteLine($"  {name,-60} {Median(list),8:F1} ms   outputs: {string.Join(", ", reasons)}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
