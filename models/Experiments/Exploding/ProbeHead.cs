using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>The output layer of a probed network: K classes read from the last step's output.</summary>
[Parameters]
public sealed partial class ProbeHead
{
    /// <summary>Output weights [K, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [K].</summary>
    public Tensor By = null!;

    /// <summary>The loss at the last step only: the rows <c>start … start + count − 1</c> of the outputs [T·B, H].
    /// <code>loss = mean_b CE(Why·h_T + By, y)</code></summary>
    [Differentiable]
    public static double LastStepLoss(ProbeHead p, Tensor hs, int start, int count, int[] targets)
    {
        var loss = CrossEntropy(MatVec(p.Why, RowRange(hs, start, count)) + p.By, targets);
        return loss;
    }
}
