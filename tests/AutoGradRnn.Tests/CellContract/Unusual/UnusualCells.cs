using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.CellContract.Unusual;

// Cells written the odd ways users write them; each is checked against its own Step (UnusualCellTests).

/// <summary>Input weights W, recurrent weights U and a bias B.</summary>
[Parameters]
public sealed partial class WUB
{
    public Tensor W = null!;
    public Tensor U = null!;
    public Tensor B = null!;
}

/// <summary>The weights of these cells: W [H, E], U [H, H], B [H].</summary>
public static class Draw
{
    public static IParameters WUB(CellSize size, DType dtype, Rng rng) => new WUB
    {
        W = size.Uniform(rng, dtype, size.Hidden, size.Input),
        U = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
        B = size.Uniform(rng, dtype, size.Hidden),
    };
}

/// <summary>An expression-bodied Step.</summary>
public sealed partial class ExprCell : IRecurrentCell<ExprCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h) => Tanh(MatVec(p.W, x) + MatVec(p.U, h) + p.B);
}

/// <summary>Weights aliased through locals, a local reassigned and updated by compound assignment, scalar literals of mixed types (0.5f * h, h * 2, 1 − h).</summary>
public sealed partial class AliasCell : IRecurrentCell<AliasCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var w = p.W;
        var u = p.U;
        var a = MatVec(w, x);
        a = a * a;
        a += MatVec(u, h);
        a *= a;
        a -= p.B;
        return Tanh(a) + 0.5f * h - h * 2 + (1 - h) * 0.1f;
    }
}

/// <summary>One weight in three products: on the input, on the state and on another weight.</summary>
public sealed partial class TwiceCell : IRecurrentCell<TwiceCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h) => Tanh(MatVec(p.U, MatVec(p.W, x)) + MatVec(p.U, h) + MatVec(p.U, p.B));
}

/// <summary>A loop inside Step (no window form).</summary>
public sealed partial class LoopCell : IRecurrentCell<LoopCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var u = MatVec(p.W, x);
        for (int k = 0; k < 2; k++) h = Tanh(u + MatVec(p.U, h) + p.B);
        return h;
    }
}

/// <summary>An if inside Step on the batch size (no window form).</summary>
public sealed partial class BranchCell : IRecurrentCell<BranchCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var u = MatVec(p.W, x) + p.B;
        if (x.Shape[0] > 1) u = u + MatVec(p.U, h);
        else u = u - MatVec(p.U, h);
        return Tanh(u);
    }
}

/// <summary>Step calls another [Differentiable] method of the cell (no window form).</summary>
public sealed partial class HelperCell : IRecurrentCell<HelperCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Mix(Tensor a, Tensor b) => Tanh(a + b);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h) => Mix(MatVec(p.W, x), MatVec(p.U, h) + p.B);
}

/// <summary>Parameters and locals named like the members the generator writes: weights, state, next, tape, result, dNext, dx.</summary>
public sealed partial class NamesCell : IRecurrentCell<NamesCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor State, Tensor Next) Step(WUB weights, Tensor state, Tensor next, Tensor tape)
    {
        var dNext = MatVec(weights.W, state);
        var result = Tanh(dNext + MatVec(weights.U, next) + weights.B * tape);
        var dx = result * tape;
        return (result, dx);
    }
}

/// <summary>Escaped keywords and Unicode letters as names: @this, @in, @out, ħ, σ.</summary>
public sealed partial class KeywordCell : IRecurrentCell<KeywordCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor @in, Tensor ħ) Step(WUB @this, Tensor @in, Tensor @out, Tensor ħ)
    {
        var σ = Sigmoid(MatVec(@this.W, @in) + @this.B);
        return (σ * Tanh(MatVec(@this.U, @out)), σ * ħ);
    }
}

/// <summary>Tuple element names that differ from the state names ((C, H) for (h, c)), a typed deconstruction.</summary>
public sealed partial class ReorderedCell : IRecurrentCell<ReorderedCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static (Tensor C, Tensor H) Step(WUB p, Tensor x, Tensor h, Tensor c)
    {
        var (cn, hn) = (Sigmoid(MatVec(p.W, x)) * c, Tanh(MatVec(p.U, h) + p.B));
        (Tensor C, Tensor H) = (hn + cn, cn);
        return (C, H);
    }
}

/// <summary>An input-side value read by several recurrent expressions, and (v + r) + b.</summary>
public sealed partial class InputTwiceCell : IRecurrentCell<InputTwiceCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var u = MatVec(p.W, x);
        var v = Tanh(u) * u + Sigmoid(u + p.B);
        return Tanh((v + MatVec(p.U, h)) + p.B) + (u - h) * v + p.B;
    }
}

/// <summary>A sum of an input-side and a recurrent value read by two further sums with weight-only terms.</summary>
public sealed partial class ReassocCell : IRecurrentCell<ReassocCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var u = MatVec(p.W, x);
        var s = u + MatVec(p.U, h);
        var a = s + p.B;
        var b = s + p.B * p.B;
        return Tanh(a) * Sigmoid(b) + s;
    }
}

/// <summary>Nested concatenations of the input, the state and values of both sides under one weight, and a slice of a weight.</summary>
public sealed partial class ConcatCell : IRecurrentCell<ConcatCell>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor V = null!;
        public Tensor B = null!;
    }
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, 2 * size.Input + size.Hidden),
        V = size.Uniform(rng, dtype, size.Hidden, size.Input + 2 * size.Hidden),
        B = size.Uniform(rng, dtype, size.Hidden),
    };
    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var a = MatVec(p.W, Concat(Concat(x, h), Tanh(x)));
        var b = MatVec(p.V, Concat(h, Concat(x, a)));
        return Tanh(a + b + p.B) + MatVec(Slice(p.V, 0, 1), Concat(x, Concat(h, h)));
    }
}

/// <summary>A row-wise softmax of the input side, a weight-only product and scalar, slices and a concatenation of both sides.</summary>
public sealed partial class SoftmaxCell : IRecurrentCell<SoftmaxCell>
{
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Draw.WUB(size, dtype, rng);
    [Differentiable]
    public static Tensor Step(WUB p, Tensor x, Tensor h)
    {
        var attn = Softmax(MatVec(p.W, x));
        var w2 = p.U * p.U;
        return attn * Tanh(MatVec(w2, h) + Scale(p.B, Sum(p.B))) + Concat(Scale(Slice(attn, 0, 2), 0.5) * Slice(h, 1, 2), Slice(h, 1, 2));
    }
}

/// <summary>Row-wise primitives of other shapes on the input side: MatMul(x, Wᵀ-shaped weight), Affine, the fused
/// σ/tanh of a slice and a∘b + c∘d, and a value of the input side read by the recurrent part through a fused call.</summary>
public sealed partial class FusedAndAffineCell : IRecurrentCell<FusedAndAffineCell>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor Wt = null!;
        public Tensor U = null!;
        public Tensor B = null!;
        public Tensor B2 = null!;
    }
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, 2 * size.Hidden, size.Input),
        Wt = size.Uniform(rng, dtype, size.Input, size.Hidden),
        U = size.Uniform(rng, dtype, 2 * size.Hidden, size.Hidden),
        B = size.Uniform(rng, dtype, 2 * size.Hidden),
        B2 = size.Uniform(rng, dtype, size.Hidden),
    };
    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var a = Affine(p.W, x, p.B) + MatVec(p.U, h);
        var g = SigmoidOfSlice(a, 0, 2);
        var m = MatMul(x, p.Wt) + p.B2;
        return AddProducts(g, h, TanhOfSlice(a, 1, 2), Tanh(m));
    }
}

/// <summary>The input's part of a concatenation returned as a state too: the window form splits W·[u; h] and hands u on.</summary>
public sealed partial class SplitAndReturnCell : IRecurrentCell<SplitAndReturnCell>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;
        public Tensor V = null!;
    }
    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, size.Hidden, 2 * size.Hidden),
        V = size.Uniform(rng, dtype, size.Hidden, size.Input),
    };
    [Differentiable]
    public static (Tensor H, Tensor U) Step(Weights p, Tensor x, Tensor h, Tensor u)
    {
        var v = Tanh(MatVec(p.V, x));
        var next = Tanh(MatVec(p.W, Concat(v, h)) + u);
        return (next, v);
    }
}
