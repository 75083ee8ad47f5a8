using BenchmarkDotNet.Running;
using AutoGradRnn.GeneratorBenchmarks;

// dotnet run -c Release --project bench/AutoGradRnn.GeneratorBenchmarks -- --filter '*'
// dotnet run -c Release --project bench/AutoGradRnn.GeneratorBenchmarks -- --steps
if (args.Contains("--steps")) StepReport.Run();
else BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);
