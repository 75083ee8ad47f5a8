using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>The weights of the Elman memorization network.</summary>
[Parameters]
public sealed partial class ElmanMemoryParameters
{
    /// <summary>Embedding table [10, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Input weights [H, E].</summary>
    public Tensor Wxh = null!;
    /// <summary>Recurrent weights [H, H].</summary>
    public Tensor Whh = null!;
    /// <summary>Hidden biases [H].</summary>
    public Tensor Bh = null!;
    /// <summary>Output weights [10, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [10].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The Elman RNN on the memorization task (the cell is <see cref="ElmanCell.Step"/>):
/// <code>
/// h_t  = tanh(Wxh·Emb[x_t] + Whh·h_{t−1} + Bh)           for all 2L + 1 inputs, from h_0 = 0
/// loss = Σ_{t after the delimiter} mean_b CE(Why·h_t + By, y_t)
/// </code>
/// </summary>
public static partial class ElmanMemory
{
    [Differentiable]
    public static double Loss(ElmanMemoryParameters p, int[][] inputs, int[][] targets, Tensor h)
    {
        int read = inputs.Length - targets.Length;
        for (int t = 0; t < read; t++)
        {
            h = ElmanCell.Step(Embedding(p.Emb, inputs[t]), h, p.Wxh, p.Whh, p.Bh);
        }
        double loss = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            h = ElmanCell.Step(Embedding(p.Emb, inputs[read + t]), h, p.Wxh, p.Whh, p.Bh);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return loss;
    }
}

/// <summary><see cref="ElmanMemory"/> as the experiment drives it.</summary>
public sealed class ElmanMemoryModel : MemoryModel
{
    private readonly ElmanMemoryParameters _p;
    private readonly ElmanMemory.LossTape _tape = new();

    public ElmanMemoryModel(MemoryConfig config, DType dtype, Rng rng) : base("elman", config, dtype)
    {
        int e = config.Embedding, h = config.Hidden;
        _p = new ElmanMemoryParameters
        {
            Emb = Embedding(rng, dtype, e),
            Wxh = Uniform(rng, dtype, h, h, e),
            Whh = Uniform(rng, dtype, h, h, h),
            Bh = Uniform(rng, dtype, h, h),
            Why = Uniform(rng, dtype, h, MemoryTask.Vocabulary, h),
            By = Uniform(rng, dtype, h, MemoryTask.Vocabulary),
        };
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    public override double TrainBatch(MemoryBatch batch, IParameters gradients)
    {
        double loss = ElmanMemory.LossForward(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize), _tape);
        ElmanMemory.LossBackward(_tape, 1.0, (ElmanMemoryParameters)gradients, null);
        return loss;
    }

    public override int[][] Predict(MemoryBatch batch)
    {
        var h = Zeros(batch.BatchSize);
        int read = batch.Inputs.Length - batch.Length;
        var predicted = new int[batch.Length][];
        for (int t = 0; t < batch.Inputs.Length; t++)
        {
            h = ElmanCell.Step(Ops.Embedding(_p.Emb, batch.Inputs[t]), h, _p.Wxh, _p.Whh, _p.Bh);
            if (t >= read) predicted[t - read] = ArgmaxRows(Ops.MatVec(_p.Why, h) + _p.By);
        }
        return predicted;
    }

    public override IDifferentiableFunction LossFunction(MemoryBatch batch) =>
        ElmanMemory.LossFunction(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize));
}
