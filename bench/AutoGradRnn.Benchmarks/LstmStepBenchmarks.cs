using AutoGradRnn.Models.Cells;
using BenchmarkDotNet.Attributes;

namespace AutoGradRnn.Benchmarks;

/// <summary>The size of one LSTM step: batch B, embedding E, hidden H.</summary>
public sealed record LstmSize(int Batch, int Embedding, int Hidden)
{
    public override string ToString() => $"B{Batch} E{Embedding} H{Hidden}";
}

/// <summary>One step of <see cref="Lstm.Step"/> through its generated forward and backward, with a reused tape
/// and preallocated adjoints (a warm step allocates nothing).</summary>
[MemoryDiagnoser]
public class LstmStepBenchmarks
{
    private Tensor _x = null!, _h = null!, _c = null!, _w = null!, _b = null!;
    private Tensor _dH = null!, _dC = null!, _dx = null!, _dh = null!, _dc = null!, _dw = null!, _db = null!;
    private readonly Lstm.StepTape _tape = new();
    private Lstm.Weights _p = null!, _dp = null!;

    public static IEnumerable<LstmSize> Sizes => [new(1, 32, 100), new(1, 64, 256), new(32, 64, 256), new(32, 64, 512)];

    [ParamsSource(nameof(Sizes))]
    public LstmSize Size { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        int b = Size.Batch, e = Size.Embedding, h = Size.Hidden;
        double scale = 1 / Math.Sqrt(h);
        _x = Init.Normal(rng, DType.Float32, 0, 1, b, e);
        _h = Init.Normal(rng, DType.Float32, 0, 0.5, b, h);
        _c = Init.Normal(rng, DType.Float32, 0, 0.5, b, h);
        _w = Init.Normal(rng, DType.Float32, 0, scale, 4 * h, e + h);
        _b = Init.Normal(rng, DType.Float32, 0, scale, 4 * h);
        _dH = Init.Normal(rng, DType.Float32, 0, 0.1, b, h);
        _dC = Init.Normal(rng, DType.Float32, 0, 0.1, b, h);
        _dx = Tensor.ZerosLike(_x);
        _dh = Tensor.ZerosLike(_h);
        _dc = Tensor.ZerosLike(_c);
        _dw = Tensor.ZerosLike(_w);
        _db = Tensor.ZerosLike(_b);
        _p = new Lstm.Weights { W = _w, B = _b };
        _dp = new Lstm.Weights { W = _dw, B = _db };
        Lstm.StepForward(_p, _x, _h, _c, _tape);
        Lstm.StepBackward(_tape, _dH, _dC, _dp, _dx, _dh, _dc);
    }

    [Benchmark]
    public Tensor Forward() => Lstm.StepForward(_p, _x, _h, _c, _tape).H;

    /// <summary>The backward of the step the last forward saved (the tape is read, not consumed).</summary>
    [Benchmark]
    public void Backward() => Lstm.StepBackward(_tape, _dH, _dC, _dp, _dx, _dh, _dc);
}
