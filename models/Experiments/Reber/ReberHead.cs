using AutoGradRnn;
using AutoGradRnn.Models.CharLm;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>
/// The Reber task's output side, over the outputs of every step of any recurrent network [T·B, H]: seven sigmoid
/// outputs per step against the multi-hot set of legal next symbols [T·B, 7]:
/// <code>loss = mean over rows of Σ_s BCE(σ(Why·h + By)_s, target_s)</code>
/// </summary>
public static partial class ReberHead
{
    [Differentiable]
    public static double Loss(TokenHead p, Tensor hs, Tensor targets)
    {
        var loss = SigmoidCrossEntropy(MatVec(p.Why, hs) + p.By, targets);
        return loss;
    }
}
