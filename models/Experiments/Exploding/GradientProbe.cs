using AutoGradRnn.Models.Tasks;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>A probed network's sizes: inputs E, hidden H, classes K, the scale of its weights, and the initial
/// forget-gate bias of a cell that has a forget gate (the other biases are 0).</summary>
/// <param name="Scale">Every weight matrix of the cell that reads the state is drawn from N(0, scale²/fan-in), so the
/// recurrent matrix of an Elman network has a spectral radius of about <c>scale</c>; the LSTM's whole gate matrix over
/// [x; h] is drawn so.</param>
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
/// A network of any registered cell over T real input vectors, with a loss at the last step only, whose per-step
/// gradients the <c>exploding</c> experiment measures: the recurrence hands back the whole ∂L/∂h_t of every step
/// (<see cref="Recurrence.Backward"/>'s output adjoints) and ∂L/∂x_t. Every weight matrix of the cell that reads the
/// state (fan-in H or E + H) is drawn from N(0, scale²/fan-in), one that reads only the input (fan-in E, when E ≠ H)
/// from N(0, 1/E); its biases are zero (plus the forget bias of a cell that has a forget gate); the output layer is
/// N(0, 1/H).
/// </summary>
public sealed class GradientProbe
{
    private readonly TaskWeights<ProbeHead> _weights;
    private readonly Recurrence _recurrence;
    private readonly RecurrentStack _reference; // the same one layer through the cell's own Step, for the checker

    public GradientProbe(string kind, RecurrentCell cell, ProbeConfig config, DType dtype, Rng rng)
    {
        Kind = kind;
        Config = config;
        DType = dtype;
        _recurrence = new Recurrence(cell);
        _reference = new RecurrentStack(cell, 1);
        var layer = cell.Initialize(new CellSize(config.Inputs, config.Hidden), dtype, new Rng(0)); // the shapes; redrawn below
        foreach (var (_, t) in layer.NamedTensors())
        {
            // A matrix that reads only the input (fan-in E) keeps N(0, 1/E); one that reads the state is scaled.
            bool inputOnly = t.Rank == 2 && t.Shape[1] == config.Inputs && config.Inputs != config.Hidden;
            if (t.Rank == 2) t.CopyFrom(Scaled(rng, dtype, inputOnly ? 1.0 : config.Scale, t.Shape[0], t.Shape[1]));
            else t.Zero();
        }
        if (config.ForgetBias != 0) cell.AddForgetBias(layer, config.ForgetBias);
        var head = new ProbeHead { Why = Scaled(rng, dtype, 1.0, config.Classes, config.Hidden), By = Tensor.Zeros(dtype, config.Classes) };
        _weights = new TaskWeights<ProbeHead>(cell, head, [layer]);
    }

    /// <summary>The cell's registered name.</summary>
    public string Kind { get; }

    public ProbeConfig Config { get; }

    public DType DType { get; }

    public IParameters Weights => _weights.Group;

    public IParameters NewGradients() => _weights.NewGradients(h => h.ZerosLike());

    /// <summary>Runs the generated forward and backward over <paramref name="batch"/>.</summary>
    public GradientProfile Measure(ProbeBatch batch)
    {
        var dHidden = Tensor.Zeros(DType, batch.Steps * batch.Size, Config.Hidden);
        var dXs = Tensor.ZerosLike(batch.Xs);
        var gradients = NewGradients();
        double loss = Backward(batch, batch.Xs, gradients, dXs, dHidden);
        return new GradientProfile
        {
            Loss = loss, HiddenGradients = dHidden, InputGradients = dXs, WeightGradients = gradients.NamedTensors(), Steps = batch.Steps, Size = batch.Size,
        };
    }

    /// <summary>The loss as a function of the weights and the inputs: its value through the cell's and the head's own
    /// methods, its gradient through the generated code, for the float64 checker.</summary>
    public IDifferentiableFunction LossFunction(ProbeBatch batch) => CheckedFunction.Create(Weights, NewGradients, [new NamedTensor("xs", batch.Xs)],
        () =>
        {
            var (outputs, _) = _reference.Reference(_weights.Layers, batch.Xs, ZeroState(batch));
            return ProbeHead.LastStepLoss(_weights.Head, outputs, (batch.Steps - 1) * batch.Size, batch.Size, batch.Targets);
        },
        (gradients, others) => Backward(batch, batch.Xs, gradients, dXs: others[0], dHidden: null), _recurrence.Cell.ForwardTolerance);

    private double Backward(ProbeBatch batch, Tensor xs, IParameters gradients, Tensor? dXs, Tensor? dHidden)
    {
        var hs = _recurrence.Forward(_weights.Layers[0], xs, ZeroState(batch));
        var tape = new ProbeHead.LastStepLossTape();
        double loss = ProbeHead.LastStepLossForward(_weights.Head, hs, (batch.Steps - 1) * batch.Size, batch.Size, batch.Targets, tape);
        var (dHead, dLayers) = _weights.Parts(gradients);
        var dOutputs = Tensor.ZerosLike(hs);
        ProbeHead.LastStepLossBackward(tape, dResult: 1.0, dp: dHead, dhs: dOutputs);
        _recurrence.Backward(dOutputs, dInputs: dXs, dWeights: dLayers[0], outputAdjoints: dHidden);
        return loss;
    }

    private Tensor[] ZeroState(ProbeBatch batch) => _reference.ZeroState(DType, batch.Size, Config.Hidden);

    /// <summary>N(0, scale²/fan-in) for a [rows, fanIn] matrix.</summary>
    private static Tensor Scaled(Rng rng, DType dtype, double scale, int rows, int fanIn) => Init.Normal(rng, dtype, 0, scale / Math.Sqrt(fanIn), rows, fanIn);

    /// <summary>The networks the experiment runs by default.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm"];

    /// <summary>A probe over the registered cell <paramref name="kind"/>.</summary>
    public static GradientProbe Create(string kind, ProbeConfig config, DType dtype, Rng rng)
    {
        var spec = TokenNetwork.Find(kind);
        return new GradientProbe(spec.Name, spec.Cell, config, dtype, rng);
    }
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
