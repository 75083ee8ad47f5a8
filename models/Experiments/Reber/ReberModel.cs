using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Models.Tasks;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>The sizes of a Reber network: embedding E of the 7 symbols, hidden H.</summary>
public sealed record ReberConfig(int Embedding, int Hidden);

/// <summary>
/// A network of any registered cell that reads a Reber string symbol by symbol and predicts, after each, the set of
/// legal next symbols: seven sigmoid outputs, trained with the binary cross-entropy against the multi-hot set
/// (<see cref="ReberHead"/>: summed over the outputs, mean over the batch, summed over the steps). A symbol is
/// predicted legal when its sigmoid output exceeds 0.5, i.e. its logit is positive. Weights drawn in the order Emb, the
/// cell, Why, By (PyTorch's defaults).
/// </summary>
public sealed class ReberModel
{
    private readonly TokenNetwork _network;
    private readonly ReberHead.LossTape _loss = new();
    private readonly TokenLm.LogitsTape _logits = new();

    public ReberModel(string kind, RecurrentCell cell, ReberConfig config, DType dtype, Rng rng)
    {
        Kind = kind;
        Config = config;
        _network = new TokenNetwork(cell, 1, ReberGrammar.SymbolCount, config.Embedding, config.Hidden, ReberGrammar.SymbolCount, dtype, rng);
    }

    /// <summary>The cell's registered name.</summary>
    public string Kind { get; }

    public ReberConfig Config { get; }

    public DType DType => _network.DType;

    public IParameters Weights => _network.Weights.Group;

    public IParameters NewGradients() => _network.NewGradients();

    /// <summary>Forward and backward over a batch: returns the loss and accumulates (+=) its gradient.</summary>
    public double TrainBatch(ReberBatch batch, IParameters gradients)
    {
        var (x, hs) = _network.Forward(batch.Inputs);
        double loss = ReberHead.LossForward(_network.Head, hs, batch.Targets, _loss) * batch.Steps;
        var dOutputs = Tensor.ZerosLike(hs);
        ReberHead.LossBackward(_loss, dResult: batch.Steps, dp: _network.Weights.Parts(gradients).Head, dhs: dOutputs);
        _network.Backward(x, dOutputs, gradients);
        return loss;
    }

    /// <summary>The logits [T·B, 7] of every step (row t·B + b), forward only.</summary>
    public Tensor Logits(ReberBatch batch) => TokenLm.LogitsForward(_network.Head, _network.Forward(batch.Inputs).Hs, _logits);

    /// <summary>The batch's loss as a function of the weights: its value through the cell's and the head's own methods,
    /// its gradient through the generated code, for the float64 checker.</summary>
    public IDifferentiableFunction LossFunction(ReberBatch batch) => CheckedFunction.Create(Weights, NewGradients, [],
        () => ReberHead.Loss(_network.Head, _network.ReferenceOutputs(batch.Inputs), batch.Targets) * batch.Steps,
        (gradients, _) => TrainBatch(batch, gradients), _network.Stack.Cell.ForwardTolerance);

    /// <summary>For each string of the batch: whether every step's thresholded outputs are exactly the legal set, and
    /// whether the step before the last (the embedded grammar's long-range T/P) is.</summary>
    public (bool[] Right, bool[] SecondToLastRight) Score(ReberBatch batch)
    {
        var right = Enumerable.Repeat(true, batch.Size).ToArray();
        var secondToLast = new bool[batch.Size];
        var logits = Logits(batch);
        for (int t = 0; t < batch.Steps; t++)
        {
            for (int b = 0; b < batch.Size; b++)
            {
                int predicted = 0, row = t * batch.Size + b;
                for (int s = 0; s < ReberGrammar.SymbolCount; s++)
                    if (logits.GetAt(row * ReberGrammar.SymbolCount + s) > 0) predicted |= 1 << s;
                bool ok = predicted == batch.Masks[t][b];
                right[b] &= ok;
                if (t == batch.Steps - 2) secondToLast[b] = ok;
            }
        }
        return (right, secondToLast);
    }

    /// <summary>The networks the experiment runs by default.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm"];

    /// <summary>A network over the registered cell <paramref name="kind"/>.</summary>
    public static ReberModel Create(string kind, ReberConfig config, DType dtype, Rng rng)
    {
        var spec = TokenNetwork.Find(kind);
        return new ReberModel(spec.Name, spec.Cell, config, dtype, rng);
    }
}
