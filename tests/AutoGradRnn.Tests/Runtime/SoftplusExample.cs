using System.Numerics;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// A primitive defined outside the runtime, as a user would: the worked example of docs/adding-a-primitive.md.
/// softplus(x) = ln(1 + eˣ), element-wise, with its rule dx += σ(x) ∘ dy.
/// </summary>
public static class SoftplusExample
{
    /// <summary>ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it neither overflows nor loses
    /// small values.</summary>
    [DerivativeRule(nameof(SoftplusBackward), Formula = "dx += σ(x) ∘ dy", Into = nameof(Softplus))]
    public static Tensor Softplus(Tensor x) => Softplus(x, null);

    /// <summary>The destination-passing form: the primitive's parameters, then <c>into</c>. The result is written into
    /// <c>into</c> when it has the result's shape and element type (and <c>into</c> is returned), else into a new tensor.</summary>
    public static Tensor Softplus(Tensor x, Tensor? into)
    {
        if (ReferenceEquals(into, x)) throw new ArgumentException("Softplus: into must not be the input x.", nameof(into));
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) SoftplusForward<float>(x.Span<float>(), y.Span<float>());
        else SoftplusForward<double>(x.Span<double>(), y.Span<double>());
        return y;
    }

    /// <summary>dx += σ(x) ∘ dy. The rule's parameters: the primitive's (x), its result (y), the result's
    /// adjoint (dy), then the adjoint of each Tensor input (dx, null when x needs no gradient).</summary>
    public static void SoftplusBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dy.Shape != x.Shape || dy.DType != x.DType)
            throw new ShapeException("SoftplusBackward", $"adjoint dy is {dy.DType} {dy.Shape} but x is {x.DType} {x.Shape}.");
        if (dx is null) return;
        if (dx.Shape != x.Shape || dx.DType != x.DType)
            throw new ShapeException("SoftplusBackward", $"adjoint dx is {dx.DType} {dx.Shape} but x is {x.DType} {x.Shape}.");
        if (x.DType == DType.Float32) SoftplusBackward<float>(x.Span<float>(), dy.Span<float>(), dx.Span<float>());
        else SoftplusBackward<double>(x.Span<double>(), dy.Span<double>(), dx.Span<double>());
    }

    private static void SoftplusForward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.Max(x[i], T.Zero) + T.LogP1(T.Exp(-T.Abs(x[i])));
    }

    private static void SoftplusBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] / (T.One + T.Exp(-x[i]));
    }
}
