using System.Diagnostics;

namespace AutoGradRnn.Models.Bench;

/// <summary>
/// Times full training steps of one <see cref="BenchConfig"/> the way the reference trainers do: warm up for a few
/// seconds (the weights keep training), then count the steps that fit in the timed seconds, with the matrix products on
/// at most <see cref="BenchConfig.Threads"/> threads (<see cref="KernelThreads.Max"/>). Also counts the bytes allocated
/// on every thread during the timed steps.
/// </summary>
public static class TrainingBenchmark
{
    /// <param name="create">Builds the configuration's model and step (<see cref="CharLmWorkload"/>, <see cref="PtbWorkload"/>);
    /// called once the thread count is set.</param>
    public static BenchResult Run(BenchConfig config, Func<BenchWorkload> create, double warmupSeconds, double seconds, double peakGflopsPerThread)
    {
        int threads = Math.Min(config.Threads, Environment.ProcessorCount);
        int threadsBefore = KernelThreads.Max;
        KernelThreads.Max = threads;
        try
        {
            return Measure(config, create(), warmupSeconds, seconds, peakGflopsPerThread, threads);
        }
        finally
        {
            KernelThreads.Max = threadsBefore;
        }
    }

    private static BenchResult Measure(BenchConfig config, BenchWorkload workload, double warmupSeconds, double seconds, double peakGflopsPerThread, int threads)
    {
        double windowBytes = workload.WindowBytesPerStep();
        var step = workload.Step;
        double lossStart = step();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmupSeconds) step();

        // The timed loop keeps every loss in a buffer allocated before it starts, so the allocation count is the
        // training step's own.
        var losses = new double[1 << 20];
        long steps = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        double elapsed;
        do
        {
            double loss = step();
            if (steps < losses.Length) losses[steps] = loss;
            steps++;
            elapsed = clock.Elapsed.TotalSeconds;
        }
        while (elapsed < seconds);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        int kept = (int)Math.Min(steps, losses.Length);
        int tail = Math.Max(1, kept / 10);
        double lossEnd = losses.AsSpan(kept - tail, tail).ToArray().Average();
        return new BenchResult(config, threads, steps, elapsed, workload.FlopsPerToken, lossStart, lossEnd,
            (double)allocated / steps, peakGflopsPerThread * threads, windowBytes);
    }
}
