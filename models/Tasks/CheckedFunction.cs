using AutoGradRnn;

namespace AutoGradRnn.Models.Tasks;

/// <summary>
/// A task's loss as the float64 checker takes it: <c>reference</c> computes the value through the user's own methods as
/// compiled (each cell's Step, each head's method), which the checker differentiates numerically; <c>generated</c> runs
/// the generated forward and backward.
/// </summary>
public static class CheckedFunction
{
    /// <param name="weights">The weights checked.</param>
    /// <param name="newGradients">A zero gradient container of <paramref name="weights"/>.</param>
    /// <param name="others">Other tensors checked (state, real inputs), after the weights.</param>
    /// <param name="reference">The value, through the user's own methods.</param>
    /// <param name="generated">Given zero gradients of the weights and one zero tensor per other input, accumulates the
    /// generated gradient into them and returns the generated value.</param>
    /// <param name="forwardTolerance">How far the generated value may lie from the reference by design
    /// (<see cref="RecurrentCell.ForwardTolerance"/> of the task's cell).</param>
    public static IDifferentiableFunction Create(IParameters weights, Func<IParameters> newGradients, IReadOnlyList<NamedTensor> others,
        Func<double> reference, Func<IParameters, Tensor[], double> generated, double forwardTolerance)
    {
        IReadOnlyList<NamedTensor> inputs = [.. weights.NamedTensors(), .. others];
        return new DifferentiableFunction(inputs, reference, gradients =>
        {
            var dWeights = newGradients();
            var dOthers = others.Select(n => Tensor.ZerosLike(n.Value)).ToArray();
            double value = generated(dWeights, dOthers);
            var computed = dWeights.NamedTensors().Select(n => n.Value).Concat(dOthers).ToArray();
            for (int i = 0; i < computed.Length; i++) Adjoints.Accumulate(gradients[i], computed[i]);
            return value;
        }, forwardTolerance);
    }
}
