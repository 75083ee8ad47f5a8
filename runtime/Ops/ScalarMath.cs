namespace AutoGradRnn;

/// <summary>
/// The functions of <see cref="Math"/> that a <c>[Differentiable]</c> method may apply to a <c>double</c> that carries
/// gradient, as primitives with their rules. A call of <c>Math.Exp(s)</c>, <c>Math.Log(s)</c>, <c>Math.Tanh(s)</c> or
/// <c>Math.Sqrt(s)</c> on such a value is differentiated through the function of the same name here, which returns
/// exactly what <see cref="Math"/> returns; they may also be called by these names.
/// </summary>
public static class ScalarMath
{
    /// <summary>eˣ.</summary>
    [DerivativeRule(nameof(ExpBackward), Formula = "dx += y · dy")]
    public static double Exp(double x) => Math.Exp(x);

    /// <summary>dx += y · dy.</summary>
    [RuleReads(nameof(y))]
    public static void ExpBackward(double x, double y, double dy, ref double dx) => dx += y * dy;

    /// <summary>ln x.</summary>
    [DerivativeRule(nameof(LogBackward), Formula = "dx += dy / x")]
    public static double Log(double x) => Math.Log(x);

    /// <summary>dx += dy / x.</summary>
    [RuleReads(nameof(x))]
    public static void LogBackward(double x, double y, double dy, ref double dx) => dx += dy / x;

    /// <summary>tanh x.</summary>
    [DerivativeRule(nameof(TanhBackward), Formula = "dx += (1 − y²) · dy")]
    public static double Tanh(double x) => Math.Tanh(x);

    /// <summary>dx += (1 − y²) · dy.</summary>
    [RuleReads(nameof(y))]
    public static void TanhBackward(double x, double y, double dy, ref double dx) => dx += (1 - y * y) * dy;

    /// <summary>√x.</summary>
    [DerivativeRule(nameof(SqrtBackward), Formula = "dx += dy / (2y)")]
    public static double Sqrt(double x) => Math.Sqrt(x);

    /// <summary>dx += dy / (2y).</summary>
    [RuleReads(nameof(y))]
    public static void SqrtBackward(double x, double y, double dy, ref double dx) => dx += dy / (2 * y);
}
