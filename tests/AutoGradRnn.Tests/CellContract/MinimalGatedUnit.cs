using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>A cell that is not in the models: the minimal gated unit (Zhou et al. 2016), written as a user would.
/// <code>f = σ(Wf·[x; h] + bf);   h̃ = tanh(Wh·[x; f∘h] + bh);   h' = (1 − f)∘h + f∘h̃</code></summary>
public sealed partial class MinimalGatedUnit : IRecurrentCell<MinimalGatedUnit>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor Wf = null!;
        public Tensor Bf = null!;
        public Tensor Wh = null!;
        public Tensor Bh = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        Wf = size.Uniform(rng, dtype, size.Hidden, size.Input + size.Hidden),
        Bf = size.Uniform(rng, dtype, size.Hidden),
        Wh = size.Uniform(rng, dtype, size.Hidden, size.Input + size.Hidden),
        Bh = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var f = Sigmoid(MatVec(p.Wf, Concat(x, h)) + p.Bf);
        var candidate = Tanh(MatVec(p.Wh, Concat(x, f * h)) + p.Bh);
        return OneMinus(f) * h + f * candidate;
    }
}

/// <summary>A cell with three state tensors, one of them not the output, to exercise the contract beyond (h) and (h, c).</summary>
public sealed partial class ThreeStateCell : IRecurrentCell<ThreeStateCell>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor U = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, size.Input),
        U = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
    };

    [Differentiable]
    public static (Tensor H, Tensor M, Tensor N) Step(Weights p, Tensor x, Tensor h, Tensor m, Tensor n)
    {
        var a = Tanh(MatVec(p.W, x) + MatVec(p.U, m) + n);
        var mNext = Sigmoid(a) * m + h;
        return (a * h + mNext, mNext, Tanh(n) - a);
    }
}
