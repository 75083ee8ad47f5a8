namespace AutoGradRnn.Models.Bench;

/// <summary>What <see cref="TrainingBenchmark"/> times: one full training step (returning its loss per token) and the
/// step's floating-point work per token, counted as the reference trainers count it; and, measured once on a model of its
/// own before the timing, the bytes a training window keeps per step (<see cref="WindowMemory"/>).</summary>
public sealed record BenchWorkload(Func<double> Step, double FlopsPerToken, Func<double> WindowBytesPerStep);
