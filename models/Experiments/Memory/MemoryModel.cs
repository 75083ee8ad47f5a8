using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Sampling;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>The sizes of a memorization network: embedding E of the 10 symbols, hidden H; and a constant added to the
/// LSTM's initial forget-gate biases (Gers et al. 2000, Jozefowicz et al. 2015: 1 keeps the cell's memory at first).</summary>
public sealed record MemoryConfig(int Embedding, int Hidden, double ForgetBias = 0);

/// <summary>
/// A network for the memorization task as the <c>memory</c> experiment drives it: it reads all 2L + 1 inputs from a
/// zero state, and after the delimiter a linear layer and softmax predict each recalled symbol. The loss is
/// <c>Σ_t mean_b CE</c> over the L recall steps only (the steps before the delimiter have no target), computed by
/// the generated code of a <c>[Differentiable]</c> method; <see cref="Predict"/> runs the same cell forward only.
/// </summary>
public abstract class MemoryModel
{
    protected MemoryModel(string kind, MemoryConfig config, DType dtype)
    {
        Kind = kind;
        Config = config;
        DType = dtype;
    }

    /// <summary><c>elman</c>, <c>lstm</c> or <c>gru</c>.</summary>
    public string Kind { get; }

    public MemoryConfig Config { get; }

    public DType DType { get; }

    public abstract IParameters Weights { get; }

    public abstract IParameters NewGradients();

    /// <summary>Forward and backward over a batch: returns the loss and accumulates (+=) its gradient into <paramref name="gradients"/>.</summary>
    public abstract double TrainBatch(MemoryBatch batch, IParameters gradients);

    /// <summary>The predicted symbol (the argmax) at each recall step, time-major [L][B].</summary>
    public abstract int[][] Predict(MemoryBatch batch);

    /// <summary>The batch's loss as a function of the weights: the generated handle the float64 gradient checker runs.</summary>
    public abstract IDifferentiableFunction LossFunction(MemoryBatch batch);

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

    /// <summary>A zero state [B, H].</summary>
    protected Tensor Zeros(int batch) => Tensor.Zeros(DType, batch, Config.Hidden);

    /// <summary>The index of the largest logit of each row of [B, V].</summary>
    protected static int[] ArgmaxRows(Tensor logits)
    {
        int rows = logits.Shape[0], cols = logits.Shape[1];
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            result[r] = logits.DType == DType.Float32
                ? Sampler.ArgMax<float>(logits.Span<float>().Slice(r * cols, cols))
                : Sampler.ArgMax<double>(logits.Span<double>().Slice(r * cols, cols));
        }
        return result;
    }

    /// <summary>The networks by name: <c>elman</c>, <c>lstm</c>, <c>gru</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["elman", "lstm", "gru"];

    public static MemoryModel Create(string kind, MemoryConfig config, DType dtype, Rng rng) => kind switch
    {
        "elman" => new ElmanMemoryModel(config, dtype, rng),
        "lstm" => new LstmMemoryModel(config, dtype, rng),
        "gru" => new GruMemoryModel(config, dtype, rng),
        _ => throw new ArgumentException($"Unknown memorization network '{kind}'; expected elman, lstm or gru.", nameof(kind)),
    };

    /// <summary>PyTorch's default initialisation, as the char-LMs use it: embedding N(0, 1), the rest U(±1/√H).</summary>
    protected static Tensor Uniform(Rng rng, DType dtype, int hidden, params int[] dims) => CharLmInit.Uniform(rng, dtype, hidden, dims);

    protected static Tensor Embedding(Rng rng, DType dtype, int embedding) => CharLmInit.Embedding(rng, dtype, MemoryTask.Vocabulary, embedding);
}
