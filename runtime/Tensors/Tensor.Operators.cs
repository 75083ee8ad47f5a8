namespace AutoGradRnn;

/// <summary>Operators on tensors. Each is a primitive: it carries the rule of the <see cref="Ops"/> method it
/// stands for, so the generator differentiates <c>a * b + c</c> exactly as it does the named calls. Its
/// destination-passing form is that method's <c>into</c> overload (an operator cannot take a third operand).</summary>
public sealed partial class Tensor
{
    [DerivativeRule(typeof(Ops), nameof(Ops.AddBackward), Formula = "da += dy; db += dy", Into = nameof(Ops.Add), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b, null);

    [DerivativeRule(typeof(Ops), nameof(Ops.SubtractBackward), Formula = "da += dy; db −= dy", Into = nameof(Ops.Subtract), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b, null);

    /// <summary>The element-wise (Hadamard) product.</summary>
    [DerivativeRule(typeof(Ops), nameof(Ops.MultiplyBackward), Formula = "da += dy ∘ b; db += dy ∘ a", Into = nameof(Ops.Multiply), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b, null);

    [DerivativeRule(typeof(Ops), nameof(Ops.DivideBackward), Formula = "da += dy / b; db −= dy ∘ y / b", Into = nameof(Ops.Divide), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b, null);

    [DerivativeRule(typeof(Ops), nameof(Ops.NegateBackward), Formula = "dx −= dy", Into = nameof(Ops.Negate), Shape = "x", RowWise = "x")]
    public static Tensor operator -(Tensor x) => Ops.Negate(x, null);

    [DerivativeRule(typeof(Ops), nameof(Ops.ScaleBackward), Formula = "dx += s · dy; ds += ⟨dy, x⟩", Into = nameof(Ops.Scale), Shape = "x", RowWise = "x")]
    public static Tensor operator *(Tensor x, double s) => Ops.Scale(x, s, null);

    [DerivativeRule(nameof(ScaleLeftBackward), Into = nameof(ScaleLeft), Shape = "x", RowWise = "x")]
    public static Tensor operator *(double s, Tensor x) => ScaleLeft(s, x, null);

    /// <summary>s · x with the scalar first: the destination-passing form of <c>s * x</c>, written into
    /// <paramref name="into"/> when it fits (<see cref="Reuse"/>), else into a new tensor.</summary>
    public static Tensor ScaleLeft(double s, Tensor x, Tensor? into) => Ops.Scale(x, s, into);

    /// <summary>The rule of <c>s * x</c>: ds += Σ dy ∘ x, dx += s · dy.</summary>
    [RuleReads(nameof(x))]
    public static void ScaleLeftBackward(double s, Tensor x, Tensor y, Tensor dy, ref double ds, Tensor? dx) =>
        Ops.ScaleBackward(x, s, y, dy, dx, ref ds);

    [DerivativeRule(typeof(Ops), nameof(Ops.ScalarMinusBackward), Formula = "ds += Σ dy; dx −= dy", Into = nameof(Ops.ScalarMinus), Shape = "x", RowWise = "x")]
    public static Tensor operator -(double s, Tensor x) => Ops.ScalarMinus(s, x, null);

    [DerivativeRule(typeof(Ops), nameof(Ops.AddScalarBackward), Formula = "dx += dy; ds += Σ dy", Into = nameof(Ops.AddScalar), Shape = "x", RowWise = "x")]
    public static Tensor operator +(Tensor x, double s) => Ops.AddScalar(x, s, null);

    [DerivativeRule(nameof(AddLeftBackward), Formula = "ds += Σ dy; dx += dy", Into = nameof(AddLeft), Shape = "x", RowWise = "x")]
    public static Tensor operator +(double s, Tensor x) => AddLeft(s, x, null);

    /// <summary>s + x with the scalar first: the destination-passing form of <c>s + x</c>, written into
    /// <paramref name="into"/> when it fits (<see cref="Reuse"/>), else into a new tensor.</summary>
    public static Tensor AddLeft(double s, Tensor x, Tensor? into) => Ops.AddScalar(x, s, into);

    /// <summary>The rule of <c>s + x</c>: ds += Σ dy, dx += dy.</summary>
    [RuleReads]
    public static void AddLeftBackward(double s, Tensor x, Tensor y, Tensor dy, ref double ds, Tensor? dx) =>
        Ops.AddScalarBackward(x, s, y, dy, dx, ref ds);

    [DerivativeRule(typeof(Ops), nameof(Ops.SubtractScalarBackward), Formula = "dx += dy; ds −= Σ dy", Into = nameof(Ops.SubtractScalar), Shape = "x", RowWise = "x")]
    public static Tensor operator -(Tensor x, double s) => Ops.SubtractScalar(x, s, null);

    /// <summary>Every element divided by s (a true division).</summary>
    [DerivativeRule(typeof(Ops), nameof(Ops.DivideScalarBackward), Formula = "dx += dy / s; ds −= ⟨dy, y⟩ / s", Into = nameof(Ops.DivideScalar), Shape = "x", RowWise = "x")]
    public static Tensor operator /(Tensor x, double s) => Ops.DivideScalar(x, s, null);
}
