namespace AutoGradRnn;

/// <summary>Operators on tensors. Each is a primitive: it carries the rule of the <see cref="Ops"/> method it
/// stands for, so the generator differentiates <c>a * b + c</c> exactly as it does the named calls.</summary>
public sealed partial class Tensor
{
    [DerivativeRule(typeof(Ops), nameof(Ops.AddBackward), Formula = "da += dy; db += dy")]
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    [DerivativeRule(typeof(Ops), nameof(Ops.SubtractBackward), Formula = "da += dy; db −= dy")]
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);

    /// <summary>The element-wise (Hadamard) product.</summary>
    [DerivativeRule(typeof(Ops), nameof(Ops.MultiplyBackward), Formula = "da += dy ∘ b; db += dy ∘ a")]
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);

    [DerivativeRule(typeof(Ops), nameof(Ops.DivideBackward), Formula = "da += dy / b; db −= dy ∘ y / b")]
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);

    [DerivativeRule(typeof(Ops), nameof(Ops.NegateBackward), Formula = "dx −= dy")]
    public static Tensor operator -(Tensor x) => Ops.Negate(x);

    [DerivativeRule(typeof(Ops), nameof(Ops.ScaleBackward), Formula = "dx += s · dy; ds += ⟨dy, x⟩")]
    public static Tensor operator *(Tensor x, double s) => Ops.Scale(x, s);

    [DerivativeRule(nameof(ScaleLeftBackward))]
    public static Tensor operator *(double s, Tensor x) => Ops.Scale(x, s);

    /// <summary>The rule of <c>s * x</c>: ds += Σ dy ∘ x, dx += s · dy.</summary>
    public static void ScaleLeftBackward(double s, Tensor x, Tensor y, Tensor dy, ref double ds, Tensor? dx) =>
        Ops.ScaleBackward(x, s, y, dy, dx, ref ds);

    [DerivativeRule(typeof(Ops), nameof(Ops.ScalarMinusBackward), Formula = "ds += Σ dy; dx −= dy")]
    public static Tensor operator -(double s, Tensor x) => Ops.ScalarMinus(s, x);
}
