using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>The weights of the Elman network whose gradients the <c>exploding</c> experiment measures.</summary>
[Parameters]
public sealed partial class ElmanProbeParameters
{
    /// <summary>Input weights [H, E].</summary>
    public Tensor Wxh = null!;
    /// <summary>Recurrent weights [H, H].</summary>
    public Tensor Whh = null!;
    /// <summary>Hidden biases [H].</summary>
    public Tensor Bh = null!;
    /// <summary>Output weights [K, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [K].</summary>
    public Tensor By = null!;
}

/// <summary>
/// An Elman RNN over T real input vectors with a loss at the last step only (the cell is <see cref="ElmanCell.Step"/>):
/// <code>
/// h_t  = tanh(Wxh·x_t + Whh·h_{t−1} + Bh) + z_t            x_t = xs[rows[t]], z_t = probes[rows[t]] (zeros)
/// loss = mean_b CE(Why·h_T + By, y)
/// </code>
/// The probes z_t are zero, so they change nothing forward; their gradient is ∂L/∂h_t, the gradient at every step of
/// the sequence, and the gradient of xs is ∂L/∂x_t.
/// </summary>
public static partial class ElmanProbe
{
    [Differentiable]
    public static double LastStepLoss(ElmanProbeParameters p, Tensor xs, Tensor probes, int[][] rows, int[] targets, Tensor h)
    {
        for (int t = 0; t < rows.Length; t++)
        {
            h = ElmanCell.Step(Embedding(xs, rows[t]), h, p.Wxh, p.Whh, p.Bh) + Embedding(probes, rows[t]);
        }
        return CrossEntropy(MatVec(p.Why, h) + p.By, targets);
    }
}

/// <summary><see cref="ElmanProbe"/> as the experiment drives it.</summary>
public sealed class ElmanGradientProbe : GradientProbe
{
    private readonly ElmanProbeParameters _p;

    public ElmanGradientProbe(ProbeConfig config, DType dtype, Rng rng) : base("elman", config, dtype)
    {
        int e = config.Inputs, h = config.Hidden;
        _p = new ElmanProbeParameters
        {
            Wxh = Scaled(rng, dtype, 1.0, h, e),
            Whh = Scaled(rng, dtype, config.Scale, h, h),
            Bh = Tensor.Zeros(dtype, h),
            Why = Scaled(rng, dtype, 1.0, config.Classes, h),
            By = Tensor.Zeros(dtype, config.Classes),
        };
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    protected override double Backward(ProbeBatch batch, Tensor probes, Tensor dProbes, Tensor dXs, IParameters gradients)
    {
        var tape = new ElmanProbe.LastStepLossTape();
        double loss = ElmanProbe.LastStepLossForward(_p, batch.Xs, probes, batch.Rows, batch.Targets, Zeros(batch.Size), tape);
        ElmanProbe.LastStepLossBackward(tape, 1.0, (ElmanProbeParameters)gradients, dXs, dProbes, null);
        return loss;
    }

    public override IDifferentiableFunction LossFunction(ProbeBatch batch, Tensor probes) =>
        ElmanProbe.LastStepLossFunction(_p, batch.Xs, probes, batch.Rows, batch.Targets, Zeros(batch.Size));
}
