using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.CharLm;

/// <summary>The weights of the character-level LSTM (names as checkpoints store them).</summary>
[Parameters]
public sealed partial class LstmLmParameters
{
    /// <summary>Embedding table [V, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Gate weights [4H, E+H] over [x; h], gate rows in the order i, f, o, g.</summary>
    public Tensor W = null!;
    /// <summary>Gate biases [4H].</summary>
    public Tensor B = null!;
    /// <summary>Output weights [V, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [V].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The character-level LSTM in the course's form (one weight matrix over the concatenated [x; h], gates sliced
/// from it in the order i, f, o, g; the cell is <see cref="LstmCell.Step"/>):
/// <code>
/// x_t      = Emb[c_t]                                   (an embedding row: Emb·onehot(c_t))
/// a_t      = W·[x_t; h_{t−1}] + B
/// i, f, o  = σ(a_t[0:H]), σ(a_t[H:2H]), σ(a_t[2H:3H]);   g = tanh(a_t[3H:4H])
/// c_t      = f∘c_{t−1} + i∘g;                            h_t = o∘tanh(c_t)
/// logits_t = Why·h_t + By;                               loss = Σ_t mean_b CE(logits_t[b], y_t[b])
/// </code>
/// Initialisation (PyTorch's defaults): Emb ~ N(0, 1); W, B, Why, By ~ U(±1/√H).
/// </summary>
public static partial class LstmLm
{
    /// <summary>The loss over a window of time-major token batches, carrying (h, c) [B, H] through it.</summary>
    [Differentiable]
    public static (double Loss, Tensor H, Tensor C) WindowLoss(LstmLmParameters p, int[][] inputs, int[][] targets, Tensor h, Tensor c)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h, c) = LstmCell.Step(Embedding(p.Emb, inputs[t]), h, c, p.W, p.B);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return (loss, h, c);
    }

    /// <summary>One step for sampling: the logits [B, V] of the next token and the new state.</summary>
    [Differentiable]
    public static (Tensor Logits, Tensor H, Tensor C) Step(LstmLmParameters p, int[] input, Tensor h, Tensor c)
    {
        var (hNext, cNext) = LstmCell.Step(Embedding(p.Emb, input), h, c, p.W, p.B);
        return (MatVec(p.Why, hNext) + p.By, hNext, cNext);
    }

    public static LstmLmParameters Create(CharLmConfig config, DType dtype, Rng rng)
    {
        int v = config.Vocabulary, e = config.Embedding, h = config.Hidden;
        return new LstmLmParameters
        {
            Emb = CharLmInit.Embedding(rng, dtype, v, e),
            W = CharLmInit.Uniform(rng, dtype, h, 4 * h, e + h),
            B = CharLmInit.Uniform(rng, dtype, h, 4 * h),
            Why = CharLmInit.Uniform(rng, dtype, h, v, h),
            By = CharLmInit.Uniform(rng, dtype, h, v),
        };
    }
}

/// <summary><see cref="LstmLm"/> as the app drives it.</summary>
public sealed class LstmLanguageModel : CharLanguageModel
{
    private readonly LstmLmParameters _p;
    private readonly LstmLm.WindowLossTape _trainTape = new(), _evalTape = new();
    private readonly LstmLm.StepTape _stepTape = new();

    public LstmLanguageModel(CharLmConfig config, DType dtype, Rng rng) : base("lstm", config, dtype) =>
        _p = LstmLm.Create(config, dtype, rng);

    public override IParameters Weights => _p;
    public override IParameters NewGradients() => _p.ZerosLike();
    public override IReadOnlyList<string> StateNames { get; } = ["h", "c"];

    public override double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0)
    {
        var (loss, h, c) = LstmLm.WindowLossForward(_p, inputs, targets, state[0], state[1], _trainTape);
        LstmLm.WindowLossBackward(_trainTape, weight, null, null, (LstmLmParameters)gradients, null, null);
        state[0].CopyFrom(h);
        state[1].CopyFrom(c);
        return loss;
    }

    public override double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state)
    {
        var (loss, h, c) = LstmLm.WindowLossForward(_p, inputs, targets, state[0], state[1], _evalTape);
        state[0].CopyFrom(h);
        state[1].CopyFrom(c);
        return loss;
    }

    public override Tensor Step(int[] input, Tensor[] state)
    {
        var (logits, h, c) = LstmLm.StepForward(_p, input, state[0], state[1], _stepTape);
        state[0].CopyFrom(h);
        state[1].CopyFrom(c);
        return logits;
    }

    public override IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections) =>
        LstmLm.WindowLossFunction(_p, inputs, targets, state[0], state[1], 1.0, projections[0], projections[1]);
}
