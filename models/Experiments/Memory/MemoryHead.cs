using AutoGradRnn;
using AutoGradRnn.Models.CharLm;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>
/// The memorization task's output side, over the outputs of all 2L + 1 steps of any recurrent network [T·B, H]: a linear
/// layer and softmax on the L recall steps only, the rows <c>start … start + count − 1</c>:
/// <code>loss = mean over the recall rows of CE(Why·h + By, target)</code>
/// </summary>
public static partial class MemoryHead
{
    [Differentiable]
    public static double Loss(TokenHead p, Tensor hs, int start, int count, int[] targets)
    {
        var loss = CrossEntropy(MatVec(p.Why, RowRange(hs, start, count)) + p.By, targets);
        return loss;
    }

    /// <summary>The recall rows' logits [count, 10].</summary>
    [Differentiable]
    public static Tensor Logits(TokenHead p, Tensor hs, int start, int count)
    {
        var logits = MatVec(p.Why, RowRange(hs, start, count)) + p.By;
        return logits;
    }
}
