using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>A probed network's sizes: inputs E, hidden H, classes K, the scale of its recurrent weights, and the LSTM's
/// initial forget-gate bias (the other biases are 0).</summary>
/// <param name="Scale">Every recurrent weight matrix is drawn from N(0, scale²/fan-in), so the recurrent matrix of an
/// Elman network has a spectral radius of about <c>scale</c>; the LSTM's whole gate matrix is drawn so.</param>
public sealed record ProbeConfig(int Inputs, int Hidden, int Classes, double Scale, double ForgetBias = 0);

/// <summary>What one backward pass of a probed network gives: the loss, ∂L/∂h_t and ∂L/∂x_t for every step, and the
/// gradient of the weights.</summary>
public sealed class GradientProfile
{
    public required double Loss { get; init; }

    /// <summary>∂L/∂h_t, [T·B, H] (row t·B + b).</summary>
    public required Tensor HiddenGradients { get; init; }

    /// <summary>∂L/∂x_t, [T·B, E].</summary>
    public required Tensor InputGradients { get; init; }

    public required IReadOnlyList<NamedTensor> WeightGradients { get; init; }

    public required int Steps { get; init; }

    public required int Size { get; init; }

    /// <summary>‖∂L/∂h_t‖ (the L2 norm over H, averaged over the batch) by steps back k = T − 1 − t: k = 0 is the last step.</summary>
    public double[] NormByStepsBack() => ByStepsBack(HiddenGradients, row => Math.Sqrt(row.Sum(v => v * v)));

    /// <summary>The mean |∂L/∂h_t| over H and the batch, by steps back.</summary>
    public double[] MeanAbsByStepsBack() => ByStepsBack(HiddenGradients, row => row.Average(Math.Abs));

    /// <summary>‖∂L/∂x_t‖ by steps back.</summary>
    public double[] InputNormByStepsBack() => ByStepsBack(InputGradients, row => Math.Sqrt(row.Sum(v => v * v)));

    private double[] ByStepsBack(Tensor gradients, Func<double[], double> measure)
    {
        var values = gradients.ToDoubleArray();
        int width = gradients.Shape.Last;
        var result = new double[Steps];
        for (int t = 0; t < Steps; t++)
        {
            double sum = 0;
            for (int b = 0; b < Size; b++) sum += measure(values[((t * Size + b) * width)..((t * Size + b + 1) * width)]);
            result[Steps - 1 - t] = sum / Size;
        }
        return result;
    }
}

/// <summary>
/// A network whose per-step gradients the <c>exploding</c> experiment measures: its <c>[Differentiable]</c> loss adds a
/// zero "probe" to the hidden state of every step, so the generated backward hands back ∂L/∂h_t for all t at once.
/// </summary>
public abstract class GradientProbe
{
    protected GradientProbe(string kind, ProbeConfig config, DType dtype)
    {
        Kind = kind;
        Config = config;
        DType = dtype;
    }

    /// <summary><c>elman</c> or <c>lstm</c>.</summary>
    public string Kind { get; }

    public ProbeConfig Config { get; }

    public DType DType { get; }

    public abstract IParameters Weights { get; }

    public abstract IParameters NewGradients();

    /// <summary>Runs the generated forward and backward over <paramref name="batch"/>.</summary>
    public GradientProfile Measure(ProbeBatch batch)
    {
        var probes = Tensor.Zeros(DType, batch.Steps * batch.Size, Config.Hidden);
        var dProbes = Tensor.Zeros(DType, batch.Steps * batch.Size, Config.Hidden);
        var dXs = Tensor.ZerosLike(batch.Xs);
        var gradients = NewGradients();
        double loss = Backward(batch, probes, dProbes, dXs, gradients);
        return new GradientProfile
        {
            Loss = loss, HiddenGradients = dProbes, InputGradients = dXs, WeightGradients = gradients.NamedTensors(), Steps = batch.Steps, Size = batch.Size,
        };
    }

    /// <summary>Forward and backward with the loss's adjoint 1: accumulates the probes', the inputs' and the weights' gradients.</summary>
    protected abstract double Backward(ProbeBatch batch, Tensor probes, Tensor dProbes, Tensor dXs, IParameters gradients);

    /// <summary>The loss as a function of the weights, the inputs, the probes and the initial state: the checker's handle.</summary>
    public abstract IDifferentiableFunction LossFunction(ProbeBatch batch, Tensor probes);

    protected Tensor Zeros(int batch) => Tensor.Zeros(DType, batch, Config.Hidden);

    /// <summary>N(0, scale²/fan-in) for a [rows, fanIn] matrix.</summary>
    protected static Tensor Scaled(Rng rng, DType dtype, double scale, int rows, int fanIn) => Init.Normal(rng, dtype, 0, scale / Math.Sqrt(fanIn), rows, fanIn);

    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm"];

    public static GradientProbe Create(string kind, ProbeConfig config, DType dtype, Rng rng) => kind switch
    {
        "elman" => new ElmanGradientProbe(config, dtype, rng),
        "lstm" => new LstmGradientProbe(config, dtype, rng),
        _ => throw new ArgumentException($"Unknown probed network '{kind}'; expected elman or lstm.", nameof(kind)),
    };
}

/// <summary>What clipping does to a gradient: its global norm and largest entry before and after.</summary>
public sealed record ClipEffect(double Norm, double MaxAbs, double ElementwiseNorm, double ElementwiseMaxAbs, double GlobalNorm, double GlobalMaxAbs)
{
    /// <summary>Clips copies of <paramref name="gradients"/> element-wise to ±<paramref name="clip"/> and by global norm to
    /// <paramref name="clipNorm"/>, with the trainers' clippers (<see cref="ElementwiseClipper"/>, <see cref="GlobalNormClipper"/>).</summary>
    public static ClipEffect Of(IReadOnlyList<NamedTensor> gradients, double clip, double clipNorm)
    {
        List<NamedTensor> Copy() => gradients.Select(g => new NamedTensor(g.Name, g.Value.Clone())).ToList();
        var elementwise = Copy();
        new ElementwiseClipper(clip).Clip(elementwise);
        var global = Copy();
        new GlobalNormClipper(clipNorm).Clip(global);
        return new ClipEffect(GradientClipping.GlobalNorm(gradients), LargestEntry(gradients), GradientClipping.GlobalNorm(elementwise), LargestEntry(elementwise),
            GradientClipping.GlobalNorm(global), LargestEntry(global));
    }

    /// <summary>The largest |entry| of all the gradients.</summary>
    public static double LargestEntry(IReadOnlyList<NamedTensor> gradients) =>
        gradients.Max(g => g.Value.ToDoubleArray().Select(Math.Abs).DefaultIfEmpty(0).Max());
}
