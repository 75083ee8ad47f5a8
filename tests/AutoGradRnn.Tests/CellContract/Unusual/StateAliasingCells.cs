using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.CellContract.Unusual;

// Steps whose next state is a tensor the step did not make for it: an argument, another state, an input-side value.

/// <summary>The states returned in the other order: the new h from c, and the new c is the old h, unchanged.</summary>
public sealed partial class SwapCell : IRecurrentCell<SwapCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c) => (Tanh(MatVec(p.W, x) + MatVec(p.U, c) + p.B), h);
}

/// <summary>A state returned unchanged: c is carried through every step as it came in.</summary>
public sealed partial class PassCell : IRecurrentCell<PassCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c)
    {
        var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h) + p.B * c);
        return (n, c);
    }
}

/// <summary>One tensor returned as both states, (n, n).</summary>
public sealed partial class TwinCell : IRecurrentCell<TwinCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c)
    {
        var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h) + p.B * c);
        return (n, n);
    }
}

/// <summary>The old h returned as the new c: a state tensor of one step is an argument of the next, twice.</summary>
public sealed partial class CopyInCell : IRecurrentCell<CopyInCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c)
    {
        var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h) + p.B * c);
        return (n, h);
    }
}

/// <summary>A state computed from the input alone: the window form computes it for the whole window, and each step returns its rows as the next h.</summary>
public sealed partial class InputOnlyStateCell : IRecurrentCell<InputOnlyStateCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c) => (Tanh(MatVec(p.W, x) + p.B), c + MatVec(p.U, h));
}

/// <summary>The input itself returned as a state (the input and hidden sizes agree).</summary>
public sealed partial class XStateCell : IRecurrentCell<XStateCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor H, Tensor C) Step(WUB p, Tensor x, Tensor h, Tensor c) => (x, Tanh(MatVec(p.U, h) + c + MatVec(p.W, x)) + p.B);
}
