using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>The sizes of a Reber network: embedding E of the 7 symbols, hidden H.</summary>
public sealed record ReberConfig(int Embedding, int Hidden);

/// <summary>
/// A network that reads a Reber string symbol by symbol and predicts, after each, the set of legal next symbols:
/// seven sigmoid outputs, trained with the binary cross-entropy against the multi-hot set
/// (<see cref="Ops.SigmoidCrossEntropy"/>, summed over the outputs, mean over the batch, summed over the steps).
/// A symbol is predicted legal when its sigmoid output exceeds 0.5, i.e. its logit is positive.
/// </summary>
public abstract class ReberModel
{
    protected ReberModel(string kind, ReberConfig config, DType dtype)
    {
        Kind = kind;
        Config = config;
        DType = dtype;
    }

    /// <summary><c>elman</c> or <c>lstm</c>.</summary>
    public string Kind { get; }

    public ReberConfig Config { get; }

    public DType DType { get; }

    public abstract IParameters Weights { get; }

    public abstract IParameters NewGradients();

    /// <summary>Forward and backward over a batch: returns the loss and accumulates (+=) its gradient.</summary>
    public abstract double TrainBatch(ReberBatch batch, IParameters gradients);

    /// <summary>The logits [B, 7] after each step, forward only.</summary>
    public abstract IEnumerable<Tensor> Logits(ReberBatch batch);

    /// <summary>The batch's loss as a function of the weights (and the targets): the generated handle the checker runs.</summary>
    public abstract IDifferentiableFunction LossFunction(ReberBatch batch);

    /// <summary>For each string of the batch: whether every step's thresholded outputs are exactly the legal set, and
    /// whether the step before the last (the embedded grammar's long-range T/P) is.</summary>
    public (bool[] Right, bool[] SecondToLastRight) Score(ReberBatch batch)
    {
        var right = Enumerable.Repeat(true, batch.Size).ToArray();
        var secondToLast = new bool[batch.Size];
        int t = 0;
        foreach (var logits in Logits(batch))
        {
            for (int b = 0; b < batch.Size; b++)
            {
                int predicted = 0;
                for (int s = 0; s < ReberGrammar.SymbolCount; s++)
                    if (logits.GetAt(b * ReberGrammar.SymbolCount + s) > 0) predicted |= 1 << s;
                bool ok = predicted == batch.Masks[t][b];
                right[b] &= ok;
                if (t == batch.Steps - 2) secondToLast[b] = ok;
            }
            t++;
        }
        return (right, secondToLast);
    }

    protected Tensor Zeros(int batch) => Tensor.Zeros(DType, batch, Config.Hidden);

    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm"];

    public static ReberModel Create(string kind, ReberConfig config, DType dtype, Rng rng) => kind switch
    {
        "elman" => new ElmanReberModel(config, dtype, rng),
        "lstm" => new LstmReberModel(config, dtype, rng),
        _ => throw new ArgumentException($"Unknown Reber network '{kind}'; expected elman or lstm.", nameof(kind)),
    };

    protected static Tensor Uniform(Rng rng, DType dtype, int hidden, params int[] dims) => CharLmInit.Uniform(rng, dtype, hidden, dims);

    protected static Tensor Embedding(Rng rng, DType dtype, int embedding) => CharLmInit.Embedding(rng, dtype, ReberGrammar.SymbolCount, embedding);
}
