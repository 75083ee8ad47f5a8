using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Models.Tasks;
using AutoGradRnn.Sampling;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>The sizes of a memorization network: embedding E of the 10 symbols, hidden H; and a constant added to the
/// initial forget-gate biases of a cell that has one (Gers et al. 2000, Jozefowicz et al. 2015: 1 keeps the cell's
/// memory at first).</summary>
public sealed record MemoryConfig(int Embedding, int Hidden, double ForgetBias = 0);

/// <summary>
/// A network of any registered cell on the memorization task, as the <c>memory</c> experiment drives it: it reads all
/// 2L + 1 inputs from a zero state (the embedding over all of them at once, then the cell step by step), and after the
/// delimiter a linear layer and softmax predict each recalled symbol (<see cref="MemoryHead"/>). The loss is
/// <c>Σ_t mean_b CE</c> over the L recall steps only. Weights drawn in the order Emb, the cell, Why, By (PyTorch's
/// defaults: N(0, 1) for the embedding, U(±1/√H) for the rest).
/// </summary>
public sealed class MemoryModel
{
    private readonly TokenNetwork _network;
    private readonly MemoryHead.LossTape _loss = new();
    private readonly MemoryHead.LogitsTape _logits = new();
    private int[] _targets = [];

    public MemoryModel(string kind, RecurrentCell cell, MemoryConfig config, DType dtype, Rng rng)
    {
        Kind = kind;
        Config = config;
        _network = new TokenNetwork(cell, 1, MemoryTask.Vocabulary, config.Embedding, config.Hidden, MemoryTask.Vocabulary, dtype, rng);
        if (config.ForgetBias != 0) cell.AddForgetBias(_network.Weights.Layers[0], config.ForgetBias); // a cell without a forget gate ignores it
    }

    /// <summary>The cell's registered name.</summary>
    public string Kind { get; }

    public MemoryConfig Config { get; }

    public DType DType => _network.DType;

    public IParameters Weights => _network.Weights.Group;

    public IParameters NewGradients() => _network.NewGradients();

    /// <summary>Forward and backward over a batch: returns the loss and accumulates (+=) its gradient into <paramref name="gradients"/>.</summary>
    public double TrainBatch(MemoryBatch batch, IParameters gradients)
    {
        var (x, hs) = _network.Forward(batch.Inputs);
        var (start, count) = RecallRows(batch);
        double loss = MemoryHead.LossForward(_network.Head, hs, start, count, TimeMajor.Flatten(batch.Targets, ref _targets), _loss) * batch.Length;
        var dOutputs = Tensor.ZerosLike(hs);
        MemoryHead.LossBackward(_loss, dResult: batch.Length, dp: _network.Weights.Parts(gradients).Head, dhs: dOutputs);
        _network.Backward(x, dOutputs, gradients);
        return loss;
    }

    /// <summary>The predicted symbol (the argmax) at each recall step, time-major [L][B].</summary>
    public int[][] Predict(MemoryBatch batch)
    {
        var (_, hs) = _network.Forward(batch.Inputs);
        var (start, count) = RecallRows(batch);
        var logits = MemoryHead.LogitsForward(_network.Head, hs, start, count, _logits);
        int cols = logits.Shape[1];
        var predicted = new int[batch.Length][];
        for (int t = 0; t < batch.Length; t++)
        {
            predicted[t] = new int[batch.BatchSize];
            for (int b = 0; b < batch.BatchSize; b++)
            {
                int row = t * batch.BatchSize + b;
                predicted[t][b] = logits.DType == DType.Float32
                    ? Sampler.ArgMax<float>(logits.Span<float>().Slice(row * cols, cols))
                    : Sampler.ArgMax<double>(logits.Span<double>().Slice(row * cols, cols));
            }
        }
        return predicted;
    }

    /// <summary>The batch's loss as a function of the weights: its value through the cell's and the heads' own methods,
    /// its gradient through the generated code, for the float64 checker.</summary>
    public IDifferentiableFunction LossFunction(MemoryBatch batch) => CheckedFunction.Create(Weights, NewGradients, [],
        () =>
        {
            var (start, count) = RecallRows(batch);
            return MemoryHead.Loss(_network.Head, _network.ReferenceOutputs(batch.Inputs), start, count, TimeMajor.Flatten(batch.Targets)) * batch.Length;
        },
        (gradients, _) => TrainBatch(batch, gradients), _network.Stack.Cell.ForwardTolerance);

    /// <summary>The fraction of recall positions predicted right.</summary>
    public double Accuracy(MemoryBatch batch)
    {
        var predicted = Predict(batch);
        long right = 0;
        for (int t = 0; t < batch.Length; t++)
            for (int b = 0; b < batch.BatchSize; b++)
                if (predicted[t][b] == batch.Targets[t][b]) right++;
        return right / (double)(batch.Length * batch.BatchSize);
    }

    /// <summary>The networks the experiment runs by default.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm", "gru"];

    /// <summary>A network over the registered cell <paramref name="kind"/>.</summary>
    public static MemoryModel Create(string kind, MemoryConfig config, DType dtype, Rng rng)
    {
        var spec = TokenNetwork.Find(kind);
        return new MemoryModel(spec.Name, spec.Cell, config, dtype, rng);
    }

    private static (int Start, int Count) RecallRows(MemoryBatch batch) =>
        ((batch.Inputs.Length - batch.Length) * batch.BatchSize, batch.Length * batch.BatchSize);
}
