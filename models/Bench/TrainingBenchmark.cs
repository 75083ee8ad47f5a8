using System.Diagnostics;
using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Bench;

/// <summary>
/// Times full training steps of one <see cref="BenchConfig"/> the way the reference trainers do: warm up for a few
/// seconds (the weights keep training), then count the steps that fit in the timed seconds. A step is what
/// <c>train</c> does: the window's forward and backward through the generated code (one reused tape), element-wise
/// clipping to ±5 and an Adagrad update (lr 0.1), float32, with the matrix products on at most
/// <see cref="BenchConfig.Threads"/> threads (<see cref="KernelThreads.Max"/>). Also counts the bytes allocated on
/// every thread during the timed steps.
/// </summary>
public static class TrainingBenchmark
{
    public static BenchResult Run(BenchConfig config, int[] tokens, int vocabulary, double warmupSeconds, double seconds, double peakGflopsPerThread, ulong seed = 1)
    {
        var spec = CharLmRegistry.Find(config.Model) ?? throw new ArgumentException($"Unknown model '{config.Model}'.", nameof(config));
        int threads = Math.Min(config.Threads, Environment.ProcessorCount);
        int threadsBefore = KernelThreads.Max;
        KernelThreads.Max = threads;
        try
        {
            return Measure(config, spec, tokens, vocabulary, warmupSeconds, seconds, peakGflopsPerThread, seed, threads);
        }
        finally
        {
            KernelThreads.Max = threadsBefore;
        }
    }

    private static BenchResult Measure(BenchConfig config, CharLmSpec spec, int[] tokens, int vocabulary, double warmupSeconds, double seconds,
        double peakGflopsPerThread, ulong seed, int threads)
    {
        var sizes = new CharLmConfig(vocabulary, config.Embedding, config.Hidden);
        var model = spec.Create(sizes, DType.Float32, new Rng(seed));
        var parameters = model.Weights.NamedTensors();
        var gradientContainer = model.NewGradients();
        var gradients = gradientContainer.NamedTensors();
        var optimizer = new Adagrad(0.1);
        optimizer.Initialize(parameters);
        var clipper = new ElementwiseClipper(5);
        var batcher = new SequenceBatcher(tokens, config.Batch, config.Seq, "bench data");
        var (inputs, targets) = batcher.NewTimeMajorRows();
        var state = model.NewState(config.Batch);

        double Step()
        {
            double loss = model.TrainNextWindow(batcher, inputs, targets, state, gradientContainer);
            clipper.Clip(gradients);
            optimizer.Step(parameters, gradients);
            return loss / config.Seq;
        }

        double lossStart = Step();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmupSeconds) Step();

        // The timed loop keeps every loss in a buffer allocated before it starts, so the allocation count is the
        // training step's own.
        var losses = new double[1 << 20];
        long steps = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        double elapsed;
        do
        {
            double loss = Step();
            if (steps < losses.Length) losses[steps] = loss;
            steps++;
            elapsed = clock.Elapsed.TotalSeconds;
        }
        while (elapsed < seconds);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        int kept = (int)Math.Min(steps, losses.Length);
        int tail = Math.Max(1, kept / 10);
        double lossEnd = losses.AsSpan(kept - tail, tail).ToArray().Average();
        return new BenchResult(config, threads, steps, elapsed, spec.FlopsPerToken(sizes), lossStart, lossEnd,
            (double)allocated / steps, peakGflopsPerThread * threads);
    }
}
