using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.CharLm;

/// <summary>The weights of the character-level GRU (names as checkpoints store them).</summary>
[Parameters]
public sealed partial class GruLmParameters
{
    /// <summary>Embedding table [V, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Reset and update gate weights [2H, E+H] over [x; h], rows in the order r, z.</summary>
    public Tensor Wrz = null!;
    /// <summary>Reset and update gate biases [2H].</summary>
    public Tensor Brz = null!;
    /// <summary>Candidate input weights [H, E].</summary>
    public Tensor Wn = null!;
    /// <summary>Candidate input biases [H].</summary>
    public Tensor Bn = null!;
    /// <summary>Candidate hidden weights [H, H].</summary>
    public Tensor Un = null!;
    /// <summary>Candidate hidden biases [H] (inside the reset gate, as PyTorch's b_hn).</summary>
    public Tensor Bu = null!;
    /// <summary>Output weights [V, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [V].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The character-level GRU in PyTorch's form (the cell is <see cref="GruCell.Step"/>; gate order r, z):
/// <code>
/// x_t      = Emb[c_t]
/// [r; z]   = σ(Wrz·[x_t; h_{t−1}] + Brz)
/// n        = tanh(Wn·x_t + Bn + r∘(Un·h_{t−1} + Bu))
/// h_t      = (1 − z)∘n + z∘h_{t−1}
/// logits_t = Why·h_t + By;          loss = Σ_t mean_b CE(logits_t[b], y_t[b])
/// </code>
/// Initialisation (PyTorch's defaults): Emb ~ N(0, 1); the others ~ U(±1/√H).
/// </summary>
public static partial class GruLm
{
    /// <summary>The loss over a window of time-major token batches, carrying h [B, H] through it.</summary>
    [Differentiable]
    public static (double Loss, Tensor H) WindowLoss(GruLmParameters p, int[][] inputs, int[][] targets, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = GruCell.Step(Embedding(p.Emb, inputs[t]), h, p.Wrz, p.Brz, p.Wn, p.Bn, p.Un, p.Bu);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return (loss, h);
    }

    /// <summary>One step for sampling: the logits [B, V] of the next token and the new state.</summary>
    [Differentiable]
    public static (Tensor Logits, Tensor H) Step(GruLmParameters p, int[] input, Tensor h)
    {
        var hNext = GruCell.Step(Embedding(p.Emb, input), h, p.Wrz, p.Brz, p.Wn, p.Bn, p.Un, p.Bu);
        return (MatVec(p.Why, hNext) + p.By, hNext);
    }

    public static GruLmParameters Create(CharLmConfig config, DType dtype, Rng rng)
    {
        int v = config.Vocabulary, e = config.Embedding, h = config.Hidden;
        return new GruLmParameters
        {
            Emb = CharLmInit.Embedding(rng, dtype, v, e),
            Wrz = CharLmInit.Uniform(rng, dtype, h, 2 * h, e + h),
            Brz = CharLmInit.Uniform(rng, dtype, h, 2 * h),
            Wn = CharLmInit.Uniform(rng, dtype, h, h, e),
            Bn = CharLmInit.Uniform(rng, dtype, h, h),
            Un = CharLmInit.Uniform(rng, dtype, h, h, h),
            Bu = CharLmInit.Uniform(rng, dtype, h, h),
            Why = CharLmInit.Uniform(rng, dtype, h, v, h),
            By = CharLmInit.Uniform(rng, dtype, h, v),
        };
    }
}

/// <summary><see cref="GruLm"/> as the app drives it.</summary>
public sealed class GruLanguageModel : CharLanguageModel
{
    private readonly GruLmParameters _p;
    private readonly GruLm.WindowLossTape _trainTape = new(), _evalTape = new();
    private readonly GruLm.StepTape _stepTape = new();

    public GruLanguageModel(CharLmConfig config, DType dtype, Rng rng) : base("gru", config, dtype) =>
        _p = GruLm.Create(config, dtype, rng);

    public override IParameters Weights => _p;
    public override IParameters NewGradients() => _p.ZerosLike();
    public override IReadOnlyList<string> StateNames { get; } = ["h"];

    public override double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0)
    {
        var (loss, h) = GruLm.WindowLossForward(_p, inputs, targets, state[0], _trainTape);
        GruLm.WindowLossBackward(_trainTape, weight, null, (GruLmParameters)gradients, null);
        state[0].CopyFrom(h);
        return loss;
    }

    public override double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state)
    {
        var (loss, h) = GruLm.WindowLossForward(_p, inputs, targets, state[0], _evalTape);
        state[0].CopyFrom(h);
        return loss;
    }

    public override Tensor Step(int[] input, Tensor[] state)
    {
        var (logits, h) = GruLm.StepForward(_p, input, state[0], _stepTape);
        state[0].CopyFrom(h);
        return logits;
    }

    public override IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections) =>
        GruLm.WindowLossFunction(_p, inputs, targets, state[0], 1.0, projections[0]);
}
