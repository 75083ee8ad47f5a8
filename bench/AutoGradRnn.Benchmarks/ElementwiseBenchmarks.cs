using BenchmarkDotNet.Attributes;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Benchmarks;

/// <summary>The LSTM's element-wise work over a [32, Elements / 32] float32 batch (at H = 256 the gates are 32 × 1024),
/// forward through the into forms and backward into kept adjoints, on one kernel thread and on two (large calls are
/// cut into blocks the threads share; <see cref="ElementBlocks"/>).</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _x = null!, _y = null!, _dy = null!, _dx = null!, _bias = null!, _dbias = null!;

    [Params(8192, 32768, 131072)]
    public int Elements { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Max = Threads;
        _x = Init.Normal(new Rng(1), DType.Float32, 0, 1, 32, Elements / 32);
        _y = Tensor.ZerosLike(_x);
        _dy = Init.Normal(new Rng(2), DType.Float32, 0, 1, 32, Elements / 32);
        _dx = Tensor.ZerosLike(_x);
        _bias = Init.Normal(new Rng(3), DType.Float32, 0, 1, Elements / 32);
        _dbias = Tensor.ZerosLike(_bias);
    }

    [Benchmark]
    public Tensor Sigmoid() => Ops.Sigmoid(_x, _y);

    [Benchmark]
    public Tensor Tanh() => Ops.Tanh(_x, _y);

    [Benchmark]
    public void SigmoidBackward()
    {
        Ops.Sigmoid(_x, _y);
        Ops.SigmoidBackward(_x, _y, _dy, _dx);
    }

    [Benchmark]
    public void TanhBackward()
    {
        Ops.Tanh(_x, _y);
        Ops.TanhBackward(_x, _y, _dy, _dx);
    }

    /// <summary>The bias over the batch's rows, and its rule summing the bias adjoint over them.</summary>
    [Benchmark]
    public void AddBiasAndBackward()
    {
        Ops.Add(_x, _bias, _y);
        Ops.AddBackward(_x, _bias, _y, _dy, _dx, _dbias);
    }
}
