namespace AutoGradRnn.Models.Bench;

/// <summary>What <see cref="TrainingBenchmark"/> times: one full training step (returning its loss per token) and the
/// step's floating-point work per token, counted as the reference trainers count it.</summary>
public sealed record BenchWorkload(Func<double> Step, double FlopsPerToken);
