using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>A user's own primitives and a fusion of them declared with [Fuses], as any user can write one: softsign of a
/// doubled tensor in one call. <see cref="FusedCalls"/> counts the fused calls, so a test sees the generator used it.</summary>
public static class UserFusedOps
{
    public static int FusedCalls;

    /// <summary>2x.</summary>
    [DerivativeRule(nameof(TwiceBackward), Formula = "dx += 2 · dy", Shape = "x")]
    public static Tensor Twice(Tensor x) => Scale(x, 2.0);

    [RuleReads]
    public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is not null) dx.CopyFrom(Add(dx, Scale(dy, 2.0)));
    }

    /// <summary>x / (1 + |x|).</summary>
    [DerivativeRule(nameof(SoftsignBackward), Formula = "dx += dy / (1 + |x|)²", Shape = "x")]
    public static Tensor Softsign(Tensor x)
    {
        var y = Tensor.ZerosLike(x);
        for (int k = 0; k < x.Length; k++) y.SetAt(k, SoftsignAt(x.GetAt(k)));
        return y;
    }

    [RuleReads(nameof(x))]
    public static void SoftsignBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is null) return;
        for (int k = 0; k < x.Length; k++) dx.SetAt(k, dx.GetAt(k) + dy.GetAt(k) * SoftsignSlope(x.GetAt(k)));
    }

    /// <summary>softsign(2x) in one pass: the composition's bits (2x is exact, then the same expression).</summary>
    [Fuses("Softsign(Twice(x))")]
    [DerivativeRule(nameof(SoftsignOfTwiceBackward), Formula = "dx += 2 · dy / (1 + |2x|)²", Shape = "x")]
    public static Tensor SoftsignOfTwice(Tensor x)
    {
        FusedCalls++;
        var y = Tensor.ZerosLike(x);
        for (int k = 0; k < x.Length; k++) y.SetAt(k, SoftsignAt(2.0 * x.GetAt(k)));
        return y;
    }

    [RuleReads(nameof(x))]
    public static void SoftsignOfTwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is null) return;
        for (int k = 0; k < x.Length; k++) dx.SetAt(k, dx.GetAt(k) + 2.0 * dy.GetAt(k) * SoftsignSlope(2.0 * x.GetAt(k)));
    }

    private static double SoftsignAt(double v) => v / (1.0 + Math.Abs(v));

    private static double SoftsignSlope(double v) => 1.0 / ((1.0 + Math.Abs(v)) * (1.0 + Math.Abs(v)));
}

/// <summary>Methods whose compositions the fusion pass replaces, or must leave alone.</summary>
public static partial class Fusions
{
    /// <summary>The user's fusion: Softsign(Twice(x)) becomes SoftsignOfTwice(x).</summary>
    [Differentiable]
    public static double UserFusion(Tensor x, Tensor w) => Sum(UserFusedOps.Softsign(UserFusedOps.Twice(x)) * w);

    /// <summary>a∘v + c∘d with v a vector repeated over the rows: AddProducts takes the composition's path for it.</summary>
    [Differentiable]
    public static double RepeatedProducts(Tensor a, Tensor v, Tensor c, Tensor d, Tensor w) => Sum((a * v + c * d) * w);

    /// <summary>The slice is read twice (by σ and by the sum): nothing is fused, and the gradient is still right.</summary>
    [Differentiable]
    public static double SliceReadTwice(Tensor gates, Tensor w)
    {
        var s = Slice(gates, 1, 2);
        var a = Sigmoid(s);
        return Sum((a + s) * w);
    }
}
