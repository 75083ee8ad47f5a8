using BenchmarkDotNet.Attributes;

namespace AutoGradRnn.Benchmarks;

/// <summary>The runtime's float32 matrix-product kernels at the shapes of one model time step.</summary>
public abstract class GemmBenchmarkBase
{
    private float[] _a = [], _b = [], _c = [];

    public abstract GemmShape Shape { get; set; }

    /// <summary>The most threads a product may use (results are the same bits for any count).</summary>
    public virtual int Threads { get; set; } = KernelThreads.Max;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        int m = Shape.M, k = Shape.K, n = Shape.N;
        _a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _c = new float[m * n];
    }

    /// <summary>C += op(A)·op(B) (the kernels accumulate; C is never reset, which changes nothing in the timing).</summary>
    [Benchmark]
    public void Product()
    {
        int m = Shape.M, k = Shape.K, n = Shape.N;
        switch (Shape.Kind)
        {
            case GemmKind.NN: Gemm.NN<float>(_a, _b, _c, m, k, n, Threads); break;
            case GemmKind.NT: Gemm.NT<float>(_a, _b, _c, m, k, n, Threads); break;
            default: Gemm.TN<float>(_a, _b, _c, m, k, n, Threads); break;
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

    [Params(1, 2)]
    public override int Threads { get; set; }
}

/// <summary>Batch 1: matrix-vector products and rank-1 updates, bound by memory traffic, not arithmetic.</summary>
[MemoryDiagnoser]
public class GemvBenchmarks : GemmBenchmarkBase
{
    public static IEnumerable<GemmShape> Shapes => GemmShape.SingleRow();

    [ParamsSource(nameof(Shapes))]
    public override GemmShape Shape { get; set; } = null!;
}
