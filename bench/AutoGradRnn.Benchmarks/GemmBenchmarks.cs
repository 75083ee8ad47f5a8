using BenchmarkDotNet.Attributes;

namespace AutoGradRnn.Benchmarks;

/// <summary>The runtime's float32 matrix-product kernels at the shapes of one model time step, beside the runtime's
/// first, simple kernels (<see cref="SimpleGemm"/>) as the baseline.</summary>
public abstract class GemmBenchmarkBase
{
    private float[] _a = [], _b = [], _c = [];

    public abstract GemmShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        int m = Shape.M, k = Shape.K, n = Shape.N;
        _a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _c = new float[m * n];
    }

    /// <summary>The simple kernels: every product as vectorised row operations (axpy and dot).</summary>
    [Benchmark(Baseline = true)]
    public void Simple()
    {
        int m = Shape.M, k = Shape.K, n = Shape.N;
        switch (Shape.Kind)
        {
            case GemmKind.NN: SimpleGemm.NN(_a, _b, _c, m, k, n); break;
            case GemmKind.NT: SimpleGemm.NT(_a, _b, _c, m, k, n); break;
            default: SimpleGemm.TN(_a, _b, _c, m, k, n); break;
        }
    }

    /// <summary>C += op(A)·op(B) on at most <paramref name="threads"/> threads (the kernels accumulate; C is never reset,
    /// which changes nothing in the timing).</summary>
    protected void Product(int threads)
    {
        int m = Shape.M, k = Shape.K, n = Shape.N;
        switch (Shape.Kind)
        {
            case GemmKind.NN: Gemm.NN<float>(_a, _b, _c, m, k, n, threads); break;
            case GemmKind.NT: Gemm.NT<float>(_a, _b, _c, m, k, n, threads); break;
            default: Gemm.TN<float>(_a, _b, _c, m, k, n, threads); break;
        }
    }
}

/// <summary>Products at batch 32 (char-LSTM) and batch 20 (PTB small), on one thread and on two (those of 8 MFLOP or
/// more are split; <see cref="Gemm.MinFlopsPerThread"/>).</summary>
[MemoryDiagnoser]
public class GemmBenchmarks : GemmBenchmarkBase
{
    public static IEnumerable<GemmShape> Shapes => GemmShape.Batched();

    [ParamsSource(nameof(Shapes))]
    public override GemmShape Shape { get; set; } = null!;

    [Benchmark]
    public void OneThread() => Product(1);

    [Benchmark]
    public void TwoThreads() => Product(2);
}

/// <summary>Batch 1: matrix-vector products and rank-1 updates, bound by memory traffic, not arithmetic (never split).</summary>
[MemoryDiagnoser]
public class GemvBenchmarks : GemmBenchmarkBase
{
    public static IEnumerable<GemmShape> Shapes => GemmShape.SingleRow();

    [ParamsSource(nameof(Shapes))]
    public override GemmShape Shape { get; set; } = null!;

    [Benchmark]
    public void Blocked() => Product(1);
}
