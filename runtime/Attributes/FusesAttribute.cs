namespace AutoGradRnn;

/// <summary>
/// Declares a primitive a fused form of a composition of other primitives: the generator writes one call of it, and
/// one call of its rule, where a <c>[Differentiable]</c> method composes them and nothing else reads the values in
/// between. The composition is written as a call expression over primitives of this method's type and this method's
/// parameter names: <c>[Fuses("Sigmoid(Slice(x, index, count))")]</c> on <c>SigmoidOfSlice(Tensor x, int index, int count)</c>,
/// <c>[Fuses("Add(Multiply(a, b), Multiply(c, d))")]</c> on <c>AddProducts(Tensor a, Tensor b, Tensor c, Tensor d)</c>.
/// </summary>
/// <remarks>
/// A call in the composition matches a primitive with the same derivative rule and the same number of arguments (so the
/// tensor operators that share <c>Ops.Multiply</c>'s rule match <c>Multiply</c>). The fused primitive must compute what
/// the composition computes, bit for bit (the gradient checker compares the generated forward with the user's method);
/// its rule may round differently. Every parameter appears in the composition; a parameter written twice matches only
/// the same value twice. The generator fuses a composition only when every value it swallows is read by nothing else
/// (not returned, carried by a loop, merged by an <c>if</c> or quoted in C#) and is computed in the same block as its
/// result. Fusions are looked for in the types that hold the called primitives, their rules, and the
/// <c>[Differentiable]</c> method; a declaration the generator cannot read (one call alone, an unknown name, a type that does not fit)
/// is not applied, and is reported as AGR025 at the composition when it is in source. To make one name-safe, interpolate: <c>$"{nameof(Sigmoid)}({nameof(Slice)}(x, index, count))"</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FusesAttribute : Attribute
{
    /// <param name="composition">The composition this primitive replaces, as a call expression.</param>
    public FusesAttribute(string composition)
    {
        Composition = composition;
    }

    public string Composition { get; }
}
