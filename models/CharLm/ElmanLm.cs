using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.CharLm;

/// <summary>The weights of the character-level Elman RNN (names as checkpoints store them).</summary>
[Parameters]
public sealed partial class ElmanLmParameters
{
    /// <summary>Embedding table [V, E] (the course's Wex, stored transposed: row c is Wex·onehot(c)).</summary>
    public Tensor Emb = null!;
    /// <summary>Input weights [H, E].</summary>
    public Tensor Wxh = null!;
    /// <summary>Recurrent weights [H, H].</summary>
    public Tensor Whh = null!;
    /// <summary>Hidden biases [H].</summary>
    public Tensor Bh = null!;
    /// <summary>Output weights [V, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [V].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The character-level Elman RNN of the course (embedding → tanh recurrence → linear → softmax; the cell is
/// <see cref="ElmanCell.Step"/>):
/// <code>
/// x_t      = Emb[c_t]
/// h_t      = tanh(Wxh·x_t + Whh·h_{t−1} + Bh)
/// logits_t = Why·h_t + By;          loss = Σ_t mean_b CE(logits_t[b], y_t[b])
/// </code>
/// Initialisation (PyTorch's defaults): Emb ~ N(0, 1); the others ~ U(±1/√H).
/// </summary>
public static partial class ElmanLm
{
    /// <summary>The loss over a window of time-major token batches, carrying h [B, H] through it.</summary>
    [Differentiable]
    public static (double Loss, Tensor H) WindowLoss(ElmanLmParameters p, int[][] inputs, int[][] targets, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = ElmanCell.Step(Embedding(p.Emb, inputs[t]), h, p.Wxh, p.Whh, p.Bh);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return (loss, h);
    }

    /// <summary>One step for sampling: the logits [B, V] of the next token and the new state.</summary>
    [Differentiable]
    public static (Tensor Logits, Tensor H) Step(ElmanLmParameters p, int[] input, Tensor h)
    {
        var hNext = ElmanCell.Step(Embedding(p.Emb, input), h, p.Wxh, p.Whh, p.Bh);
        return (MatVec(p.Why, hNext) + p.By, hNext);
    }

    public static ElmanLmParameters Create(CharLmConfig config, DType dtype, Rng rng)
    {
        int v = config.Vocabulary, e = config.Embedding, h = config.Hidden;
        return new ElmanLmParameters
        {
            Emb = CharLmInit.Embedding(rng, dtype, v, e),
            Wxh = CharLmInit.Uniform(rng, dtype, h, h, e),
            Whh = CharLmInit.Uniform(rng, dtype, h, h, h),
            Bh = CharLmInit.Uniform(rng, dtype, h, h),
            Why = CharLmInit.Uniform(rng, dtype, h, v, h),
            By = CharLmInit.Uniform(rng, dtype, h, v),
        };
    }
}

/// <summary><see cref="ElmanLm"/> as the app drives it.</summary>
public sealed class ElmanLanguageModel : CharLanguageModel
{
    private readonly ElmanLmParameters _p;
    private readonly ElmanLm.WindowLossTape _trainTape = new(), _evalTape = new();
    private readonly ElmanLm.StepTape _stepTape = new();

    public ElmanLanguageModel(CharLmConfig config, DType dtype, Rng rng) : base("elman", config, dtype) =>
        _p = ElmanLm.Create(config, dtype, rng);

    public override IParameters Weights => _p;
    public override IParameters NewGradients() => _p.ZerosLike();
    public override IReadOnlyList<string> StateNames { get; } = ["h"];

    public override double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0)
    {
        var (loss, h) = ElmanLm.WindowLossForward(_p, inputs, targets, state[0], _trainTape);
        ElmanLm.WindowLossBackward(_trainTape, weight, null, (ElmanLmParameters)gradients, null);
        state[0].CopyFrom(h);
        return loss;
    }

    public override double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state)
    {
        var (loss, h) = ElmanLm.WindowLossForward(_p, inputs, targets, state[0], _evalTape);
        state[0].CopyFrom(h);
        return loss;
    }

    public override Tensor Step(int[] input, Tensor[] state)
    {
        var (logits, h) = ElmanLm.StepForward(_p, input, state[0], _stepTape);
        state[0].CopyFrom(h);
        return logits;
    }

    public override IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections) =>
        ElmanLm.WindowLossFunction(_p, inputs, targets, state[0], 1.0, projections[0]);
}
