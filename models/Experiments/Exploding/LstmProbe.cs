using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>The weights of the LSTM whose gradients the <c>exploding</c> experiment measures.</summary>
[Parameters]
public sealed partial class LstmProbeParameters
{
    /// <summary>Gate weights [4H, E+H] over [x; h], gates i, f, o, g (<see cref="LstmCell"/>).</summary>
    public Tensor W = null!;
    /// <summary>Gate biases [4H].</summary>
    public Tensor B = null!;
    /// <summary>Output weights [K, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [K].</summary>
    public Tensor By = null!;
}

/// <summary>
/// An LSTM over T real input vectors with a loss at the last step only (the cell is <see cref="LstmCell.Step"/>):
/// <code>
/// (h'_t, c_t) = LSTM(x_t, h_{t−1}, c_{t−1});   h_t = h'_t + z_t     x_t = xs[rows[t]], z_t = probes[rows[t]] (zeros)
/// loss        = mean_b CE(Why·h_T + By, y)
/// </code>
/// The zero probes make the gradient of every step's hidden output, ∂L/∂h_t, a gradient of the method's arguments.
/// </summary>
public static partial class LstmProbe
{
    [Differentiable]
    public static double LastStepLoss(LstmProbeParameters p, Tensor xs, Tensor probes, int[][] rows, int[] targets, Tensor h, Tensor c)
    {
        for (int t = 0; t < rows.Length; t++)
        {
            (h, c) = LstmCell.Step(Embedding(xs, rows[t]), h, c, p.W, p.B);
            h = h + Embedding(probes, rows[t]);
        }
        return CrossEntropy(MatVec(p.Why, h) + p.By, targets);
    }
}

/// <summary><see cref="LstmProbe"/> as the experiment drives it.</summary>
public sealed class LstmGradientProbe : GradientProbe
{
    private readonly LstmProbeParameters _p;

    public LstmGradientProbe(ProbeConfig config, DType dtype, Rng rng) : base("lstm", config, dtype)
    {
        int e = config.Inputs, h = config.Hidden;
        _p = new LstmProbeParameters
        {
            W = Scaled(rng, dtype, config.Scale, 4 * h, e + h),
            B = Tensor.Zeros(dtype, 4 * h),
            Why = Scaled(rng, dtype, 1.0, config.Classes, h),
            By = Tensor.Zeros(dtype, config.Classes),
        };
        for (int j = h; j < 2 * h; j++) _p.B.SetAt(j, config.ForgetBias); // gate rows i, f, o, g: f is rows H…2H
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    protected override double Backward(ProbeBatch batch, Tensor probes, Tensor dProbes, Tensor dXs, IParameters gradients)
    {
        var tape = new LstmProbe.LastStepLossTape();
        double loss = LstmProbe.LastStepLossForward(_p, batch.Xs, probes, batch.Rows, batch.Targets, Zeros(batch.Size), Zeros(batch.Size), tape);
        LstmProbe.LastStepLossBackward(tape, 1.0, (LstmProbeParameters)gradients, dXs, dProbes, null, null);
        return loss;
    }

    public override IDifferentiableFunction LossFunction(ProbeBatch batch, Tensor probes) =>
        LstmProbe.LastStepLossFunction(_p, batch.Xs, probes, batch.Rows, batch.Targets, Zeros(batch.Size), Zeros(batch.Size));
}
