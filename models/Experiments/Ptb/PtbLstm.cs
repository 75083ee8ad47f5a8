using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Ptb;

/// <summary>The weights of the two-layer word-level LSTM (Zaremba et al. 2014, "small": V 10,000, H 200).</summary>
[Parameters]
public sealed partial class PtbLstmParameters
{
    /// <summary>Word embeddings [V, H] (the embedding size is the hidden size, as in the paper).</summary>
    public Tensor Emb = null!;
    /// <summary>Layer 1 gate weights [4H, 2H] over [x; h1], gates i, f, o, g (<see cref="LstmCell"/>).</summary>
    public Tensor W1 = null!;
    /// <summary>Layer 1 gate biases [4H].</summary>
    public Tensor B1 = null!;
    /// <summary>Layer 2 gate weights [4H, 2H] over [h1; h2].</summary>
    public Tensor W2 = null!;
    /// <summary>Layer 2 gate biases [4H].</summary>
    public Tensor B2 = null!;
    /// <summary>Output weights [V, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [V].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The two-layer LSTM language model of Zaremba, Sutskever and Vinyals (2014), without dropout:
/// <code>
/// x_t          = Emb[w_t]
/// (h1_t, c1_t) = LSTM(x_t,  h1_{t−1}, c1_{t−1}; W1, B1)
/// (h2_t, c2_t) = LSTM(h1_t, h2_{t−1}, c2_{t−1}; W2, B2)
/// loss         = Σ_t mean_b CE(Why·h2_t + By, w_{t+1})
/// </code>
/// Each layer is the course's cell (<see cref="LstmCell"/>: one matrix over [input; h] and one bias, gates i, f, o, g);
/// the paper's layer has two linear maps with a bias each, which is the same function with the two biases summed.
/// The loss is the paper's: the sum over the window of the batch-mean negative log-likelihood.
/// </summary>
public static partial class PtbLstm
{
    [Differentiable]
    public static (double Loss, Tensor H1, Tensor C1, Tensor H2, Tensor C2) WindowLoss(PtbLstmParameters p, int[][] inputs, int[][] targets, Tensor h1, Tensor c1, Tensor h2, Tensor c2)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h1, c1) = LstmCell.Step(Embedding(p.Emb, inputs[t]), h1, c1, p.W1, p.B1);
            (h2, c2) = LstmCell.Step(h1, h2, c2, p.W2, p.B2);
            loss += CrossEntropy(MatVec(p.Why, h2) + p.By, targets[t]);
        }
        return (loss, h1, c1, h2, c2);
    }
}

/// <summary><see cref="PtbLstm"/> as the experiment drives it: the weights, a training and an evaluation tape, and the
/// state (h1, c1, h2, c2) the caller carries from window to window.</summary>
public sealed class PtbLstmModel
{
    private readonly PtbLstm.WindowLossTape _trainTape = new(), _evalTape = new();

    /// <summary>Every weight ~ U(−init, init), embeddings and biases included (the paper: 0.1).</summary>
    public PtbLstmModel(int vocabulary, int hidden, double init, DType dtype, Rng rng)
    {
        Vocabulary = vocabulary;
        Hidden = hidden;
        DType = dtype;
        Tensor U(params int[] dims) => Init.Uniform(rng, dtype, -init, init, dims);
        Weights = new PtbLstmParameters
        {
            Emb = U(vocabulary, hidden),
            W1 = U(4 * hidden, 2 * hidden), B1 = U(4 * hidden),
            W2 = U(4 * hidden, 2 * hidden), B2 = U(4 * hidden),
            Why = U(vocabulary, hidden), By = U(vocabulary),
        };
    }

    public int Vocabulary { get; }

    public int Hidden { get; }

    public DType DType { get; }

    public PtbLstmParameters Weights { get; }

    /// <summary>A zero state (h1, c1, h2, c2), each [B, H].</summary>
    public Tensor[] NewState(int batch) => [.. Enumerable.Range(0, 4).Select(_ => Tensor.Zeros(DType, batch, Hidden))];

    /// <summary>Forward and backward over a window: returns the loss (Σ_t of batch means), accumulates the weights'
    /// gradient, moves the state on. No gradient flows into the incoming state (truncated BPTT).</summary>
    public double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, PtbLstmParameters gradients)
    {
        var (loss, h1, c1, h2, c2) = PtbLstm.WindowLossForward(Weights, inputs, targets, state[0], state[1], state[2], state[3], _trainTape);
        PtbLstm.WindowLossBackward(_trainTape, 1.0, null, null, null, null, gradients, null, null, null, null);
        Carry(state, h1, c1, h2, c2);
        return loss;
    }

    /// <summary>Forward only over a window: returns the loss and moves the state on.</summary>
    public double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state)
    {
        var (loss, h1, c1, h2, c2) = PtbLstm.WindowLossForward(Weights, inputs, targets, state[0], state[1], state[2], state[3], _evalTape);
        Carry(state, h1, c1, h2, c2);
        return loss;
    }

    /// <summary>The window's loss as a function of the weights and the incoming state, the outgoing state projected on
    /// <paramref name="projections"/>: the checker's handle.</summary>
    public IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections) =>
        PtbLstm.WindowLossFunction(Weights, inputs, targets, state[0], state[1], state[2], state[3], 1.0, projections[0], projections[1], projections[2], projections[3]);

    private static void Carry(Tensor[] state, Tensor h1, Tensor c1, Tensor h2, Tensor c2)
    {
        state[0].CopyFrom(h1);
        state[1].CopyFrom(c1);
        state[2].CopyFrom(h2);
        state[3].CopyFrom(c2);
    }
}
