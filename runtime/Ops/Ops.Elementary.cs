using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Elementary element-wise functions beside the activations: √x, |x| and x^p for a scalar p.</summary>
public static partial class Ops
{
    /// <summary>√x (NaN below 0, as <see cref="Math.Sqrt"/>).</summary>
    [DerivativeRule(nameof(SqrtBackward), Formula = "dx += dy / (2·y)", Into = nameof(Sqrt), Shape = "x", RowWise = "x")]
    public static Tensor Sqrt(Tensor x) => Sqrt(x, null);

    /// <summary>√x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Sqrt(Tensor x, Tensor? into) => Unary<SqrtFn>("Sqrt", x, into);

    /// <summary>dx += dy / (2y): infinite at x = 0, as the derivative is.</summary>
    [RuleReads(nameof(y))]
    public static void SqrtBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<SqrtFn>("SqrtBackward", x, y, dy, dx);

    /// <summary>|x|.</summary>
    [DerivativeRule(nameof(AbsBackward), Formula = "dx += sign(x) ∘ dy", Into = nameof(Abs), Shape = "x", RowWise = "x")]
    public static Tensor Abs(Tensor x) => Abs(x, null);

    /// <summary>|x|, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Abs(Tensor x, Tensor? into) => Unary<AbsFn>("Abs", x, into);

    /// <summary>dx += sign(x) ∘ dy, with sign(0) = 0 (the subgradient PyTorch uses).</summary>
    [RuleReads(nameof(x))]
    public static void AbsBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<AbsFn>("AbsBackward", x, y, dy, dx);

    /// <summary>x^p for every element, p a scalar (NaN for a negative x and a non-integer p, as <see cref="Math.Pow"/>).</summary>
    [DerivativeRule(nameof(PowBackward), Formula = "dx += p·x^(p−1) ∘ dy; dp += ⟨dy, y ∘ ln x⟩", Into = nameof(Pow), Shape = "x", RowWise = "x")]
    public static Tensor Pow(Tensor x, double p) => Pow(x, p, null);

    /// <summary>x^p, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Pow(Tensor x, double p, Tensor? into)
    {
        Check.NotNull("Pow", x);
        Check.NotAnInput("Pow", into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) TensorPrimitives.Pow(x.Span<float>(), (float)p, y.Span<float>());
        else TensorPrimitives.Pow(x.Span<double>(), p, y.Span<double>());
        return y;
    }

    /// <summary>dx += p·x^(p−1) ∘ dy; dp += Σ dy ∘ y ∘ ln x over the elements where y ≠ 0 (there y·ln x → 0).</summary>
    [RuleReads(nameof(x), nameof(y))]
    public static void PowBackward(Tensor x, double p, Tensor y, Tensor dy, Tensor? dx, ref double dp)
    {
        Check.NotNull("PowBackward", x, y, dy);
        Check.SameShape("PowBackward", x, y);
        Check.SameShape("PowBackward", y, dy);
        Check.Adjoint("PowBackward", "dx", dx, x);
        if (x.DType == DType.Float32) dp += PowBackward<float>(x.Span<float>(), (float)p, y.Span<float>(), dy.Span<float>(), dx is null ? default : dx.Span<float>());
        else dp += PowBackward<double>(x.Span<double>(), p, y.Span<double>(), dy.Span<double>(), dx is null ? default : dx.Span<double>());
    }

    private static double PowBackward<T>(ReadOnlySpan<T> x, T p, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double dp = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!dx.IsEmpty) dx[i] += p * T.Pow(x[i], p - T.One) * dy[i];
            if (y[i] != T.Zero) dp += double.CreateTruncating(dy[i] * y[i] * T.Log(x[i]));
        }
        return dp;
    }

    private readonly struct SqrtFn : IUnaryFn
    {
        public int ForwardCost => 2;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, y);

        public bool FromOutput => true;

        public T Derivative<T>(T y) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (y + y);

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<SqrtFn, T>(v, dy, dx);
    }

    private readonly struct AbsFn : IUnaryFn
    {
        public int ForwardCost => 1;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Abs(x, y);

        public bool FromOutput => false;

        public T Derivative<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<AbsFn, T>(v, dy, dx);
    }
}
