using BenchmarkDotNet.Attributes;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Benchmarks;

/// <summary>The LSTM's element-wise activations over a [32, 1024] float32 batch (4H = 1024 gates at H = 256),
/// forward through the into forms and backward into a kept adjoint.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _x = null!, _y = null!, _dy = null!, _dx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Init.Normal(new Rng(1), DType.Float32, 0, 1, 32, 1024);
        _y = Tensor.ZerosLike(_x);
        _dy = Init.Normal(new Rng(2), DType.Float32, 0, 1, 32, 1024);
        _dx = Tensor.ZerosLike(_x);
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
}
