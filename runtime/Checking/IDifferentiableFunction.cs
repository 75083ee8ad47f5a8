namespace AutoGradRnn;

/// <summary>
/// A scalar function of named tensors together with its gradient. The gradient checker and the trainer
/// accept this form; the generator emits a handle implementing it for every <c>[Differentiable]</c>
/// method, so generated code is checked unchanged and without reflection. <see cref="Value"/> is the reference:
/// in a generated handle it calls the user's own method, so the checker's finite differences are taken of the code
/// the user wrote, while <see cref="ValueAndGradient"/> runs the generated forward and backward under test.
/// </summary>
public interface IDifferentiableFunction
{
    /// <summary>The tensors the function is differentiated with respect to. The checker perturbs them in
    /// place and restores them.</summary>
    IReadOnlyList<NamedTensor> Inputs { get; }

    /// <summary>The function's value at the current values of <see cref="Inputs"/>, computed by the reference: the
    /// code whose derivative the gradient is meant to be (a generated handle calls the user's method).</summary>
    double Value();

    /// <summary>The value, and the gradient accumulated (+=) into <paramref name="gradients"/>: one tensor
    /// per input, same order, shape and element type.</summary>
    double ValueAndGradient(IReadOnlyList<Tensor> gradients);

    /// <summary>Every output of the computation under test against the reference's at the current inputs, one
    /// comparison per output (a generated handle: each output of the generated forward against the user's method).
    /// The checker also compares the two values above; a function with no outputs beyond its value returns none.</summary>
    IReadOnlyList<ForwardCheck> CompareForward() => [];

    /// <summary>How far the computation under test may lie from the reference by design, relative to max(1, |reference|);
    /// the checker applies the larger of this and its own <see cref="GradientCheckOptions.ForwardTolerance"/>. 0, the
    /// default: bit-identical. A recurrence over a cell's window form adds the same products in another order
    /// (<see cref="RecurrentCell.ForwardTolerance"/>).</summary>
    double ForwardTolerance => 0;
}
