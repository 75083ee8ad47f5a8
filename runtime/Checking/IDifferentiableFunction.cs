namespace AutoGradRnn;

/// <summary>
/// A scalar function of named tensors together with its gradient. The gradient checker and the trainer
/// accept this form; the generator emits a handle implementing it for every <c>[Differentiable]</c>
/// method, so generated code is checked unchanged and without reflection.
/// </summary>
public interface IDifferentiableFunction
{
    /// <summary>The tensors the function is differentiated with respect to. The checker perturbs them in
    /// place and restores them.</summary>
    IReadOnlyList<NamedTensor> Inputs { get; }

    /// <summary>The function's value at the current values of <see cref="Inputs"/>.</summary>
    double Value();

    /// <summary>The value, and the gradient accumulated (+=) into <paramref name="gradients"/>: one tensor
    /// per input, same order, shape and element type.</summary>
    double ValueAndGradient(IReadOnlyList<Tensor> gradients);
}
