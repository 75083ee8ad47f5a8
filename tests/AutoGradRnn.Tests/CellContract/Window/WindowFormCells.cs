using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.CellContract.Window;

// Cells written as a user would, one per case of the window form's split (docs/bptt.md, "The window form of a cell").

/// <summary>The input meets the state before any weight (x ∘ h, so the input and hidden sizes agree): nothing moves out.</summary>
public sealed partial class GatedByState : IRecurrentCell<GatedByState>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor B = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, size.Input + size.Hidden),
        B = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var mixed = Concat(x * h, h);
        return Tanh(MatVec(p.W, mixed) + p.B);
    }
}

/// <summary>The input read by several statements, a weight-only value (a scaled recurrent matrix), and the input itself
/// read by the recurrent part (Σ x ∘ h, so the input and hidden sizes agree).</summary>
public sealed partial class ManyReads : IRecurrentCell<ManyReads>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor Wa = null!;
        public Tensor Wb = null!;
        public Tensor Bb = null!;
        public Tensor U = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        Wa = size.Uniform(rng, dtype, size.Hidden, size.Input),
        Wb = size.Uniform(rng, dtype, size.Hidden, size.Input),
        Bb = size.Uniform(rng, dtype, size.Hidden),
        U = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var a = Tanh(MatVec(p.Wa, x));
        var b = Sigmoid(MatVec(p.Wb, x) + p.Bb);
        var half = p.U * 0.5;
        var read = Sum(x * h);
        return a * b + Tanh(MatVec(half, h)) * read;
    }
}

/// <summary>The state first in the concatenation: <c>W·[h; x]</c>.</summary>
public sealed partial class StateFirst : IRecurrentCell<StateFirst>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor B = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, size.Hidden + size.Input),
        B = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.W, Concat(h, x)) + p.B);
}

/// <summary>A loop in Step (two recurrent updates per step): no window form.</summary>
public sealed partial class TwoTicks : IRecurrentCell<TwoTicks>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor Wx = null!;
        public Tensor U = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        Wx = size.Uniform(rng, dtype, size.Hidden, size.Input),
        U = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        for (int tick = 0; tick < 2; tick++) h = Tanh(MatVec(p.Wx, x) + MatVec(p.U, h));
        return h;
    }
}

/// <summary>An if in Step: no window form. Its weights are <see cref="TwoTicks"/>'.</summary>
public sealed partial class Branchy : IRecurrentCell<Branchy>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => TwoTicks.Initialize(size, dtype, rng);

    [Differentiable]
    public static Tensor Step(TwoTicks.Weights p, Tensor x, Tensor h)
    {
        var next = MatVec(p.Wx, x) + MatVec(p.U, h);
        if (h.Shape.Last > 2) next = Tanh(next);
        else next = Sigmoid(next);
        return next;
    }
}

/// <summary>One weight read by two products in a step (their gradients collected into one window product), an affine
/// map of the input, and a product whose weight is its second operand (MatMulTransposeB: dV += dyᵀ·h).</summary>
public sealed partial class SharedWeight : IRecurrentCell<SharedWeight>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor B = null!;
        public Tensor U = null!;
        public Tensor V = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, size.Input),
        B = size.Uniform(rng, dtype, size.Hidden),
        U = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
        V = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var a = Affine(p.W, x, p.B);
        var r = MatVec(p.U, h) + MatVec(p.U, Tanh(h));
        return Tanh(a + r + MatMulTransposeB(h, p.V));
    }
}

/// <summary>Weights named with C# keywords (<c>@class</c>, <c>@base</c>): the generated code, the container's members, the
/// window form's column blocks (<c>classX</c>, <c>classH</c>) and the collected weight gradient must all still compile.</summary>
public sealed partial class KeywordWeights : IRecurrentCell<KeywordWeights>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor @class = null!;
        public Tensor @base = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        @class = size.Uniform(rng, dtype, size.Hidden, size.Input + size.Hidden),
        @base = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.@class, Concat(x, h)) + p.@base);
}
