namespace AutoGradRnn;

/// <summary>
/// Declares, on a derivative rule, which values it reads: the names of its parameters that stand for the primitive's
/// arguments or its result (<c>[RuleReads(nameof(y))]</c> for tanh, <c>[RuleReads(nameof(w), nameof(x))]</c> for a
/// matrix-vector product, <c>[RuleReads]</c> for a rule that reads only shapes, such as addition's). Every other
/// <c>Tensor</c> the rule receives it reads only for its shape and element type.
/// </summary>
/// <remarks>
/// Generated code keeps on the tape only what some rule reads, as PyTorch's <c>derivatives.yaml</c> lets autograd save
/// only what each formula uses: a value no rule reads is kept as a tensor that holds only its shape
/// (<see cref="Tensor.IsShapeOnly"/>), and reaching its elements throws. A rule without this attribute reads everything
/// its signature can read, and is given every value. Doubles and integers are always passed as they were.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RuleReadsAttribute : Attribute
{
    /// <param name="parameters">The rule's parameters whose values it reads, among the primitive's arguments and its result.</param>
    public RuleReadsAttribute(params string[] parameters)
    {
        Parameters = parameters;
    }

    public IReadOnlyList<string> Parameters { get; }
}
