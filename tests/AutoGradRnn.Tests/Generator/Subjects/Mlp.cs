using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>The weights of a two-layer perceptron, as a parameter container.</summary>
[Parameters]
public sealed partial class MlpWeights
{
    public Tensor W1 = null!;
    public Tensor B1 = null!;
    public Tensor W2 = null!;

    public Tensor B2 { get; set; } = null!;
}

public static partial class Mlp
{
    /// <summary>Two layers, softmax cross-entropy, plus scalar arithmetic: a weight penalty scaled by a differentiable double.</summary>
    [Differentiable]
    public static double Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int target, double decay)
    {
        var hidden = Tanh(MatVec(w1, x) + b1);
        var logits = MatVec(w2, hidden) + b2;
        double loss = CrossEntropy(logits, target);
        loss += decay * Sum(Square(w1)) / 2;
        return loss - 0.25 * decay;
    }

    /// <summary>The same network with its weights in a container, over a batch of rows.</summary>
    [Differentiable]
    public static double BatchLoss(MlpWeights p, Tensor x, int[] targets)
    {
        var hidden = Relu(MatVec(p.W1, x) + p.B1);
        return CrossEntropy(MatVec(p.W2, hidden) + p.B2, targets);
    }
}
