using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>The weights of the GRU memorization network (the cell's names, <see cref="GruCell"/>).</summary>
[Parameters]
public sealed partial class GruMemoryParameters
{
    /// <summary>Embedding table [10, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Reset and update gate weights [2H, E+H] over [x; h].</summary>
    public Tensor Wrz = null!;
    /// <summary>Gate biases [2H].</summary>
    public Tensor Brz = null!;
    /// <summary>Candidate input weights [H, E].</summary>
    public Tensor Wn = null!;
    /// <summary>Candidate input bias [H].</summary>
    public Tensor Bn = null!;
    /// <summary>Candidate hidden weights [H, H].</summary>
    public Tensor Un = null!;
    /// <summary>Candidate hidden bias [H].</summary>
    public Tensor Bu = null!;
    /// <summary>Output weights [10, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [10].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The GRU on the memorization task (the cell is <see cref="GruCell.Step"/>, PyTorch's form):
/// <code>
/// h_t  = GRU(Emb[x_t], h_{t−1})                          for all 2L + 1 inputs, from h_0 = 0
/// loss = Σ_{t after the delimiter} mean_b CE(Why·h_t + By, y_t)
/// </code>
/// </summary>
public static partial class GruMemory
{
    [Differentiable]
    public static double Loss(GruMemoryParameters p, int[][] inputs, int[][] targets, Tensor h)
    {
        int read = inputs.Length - targets.Length;
        for (int t = 0; t < read; t++)
        {
            h = GruCell.Step(Embedding(p.Emb, inputs[t]), h, p.Wrz, p.Brz, p.Wn, p.Bn, p.Un, p.Bu);
        }
        double loss = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            h = GruCell.Step(Embedding(p.Emb, inputs[read + t]), h, p.Wrz, p.Brz, p.Wn, p.Bn, p.Un, p.Bu);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return loss;
    }
}

/// <summary><see cref="GruMemory"/> as the experiment drives it.</summary>
public sealed class GruMemoryModel : MemoryModel
{
    private readonly GruMemoryParameters _p;
    private readonly GruMemory.LossTape _tape = new();

    public GruMemoryModel(MemoryConfig config, DType dtype, Rng rng) : base("gru", config, dtype)
    {
        int e = config.Embedding, h = config.Hidden;
        _p = new GruMemoryParameters
        {
            Emb = Embedding(rng, dtype, e),
            Wrz = Uniform(rng, dtype, h, 2 * h, e + h),
            Brz = Uniform(rng, dtype, h, 2 * h),
            Wn = Uniform(rng, dtype, h, h, e),
            Bn = Uniform(rng, dtype, h, h),
            Un = Uniform(rng, dtype, h, h, h),
            Bu = Uniform(rng, dtype, h, h),
            Why = Uniform(rng, dtype, h, MemoryTask.Vocabulary, h),
            By = Uniform(rng, dtype, h, MemoryTask.Vocabulary),
        };
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    public override double TrainBatch(MemoryBatch batch, IParameters gradients)
    {
        double loss = GruMemory.LossForward(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize), _tape);
        GruMemory.LossBackward(_tape, 1.0, (GruMemoryParameters)gradients, null);
        return loss;
    }

    public override int[][] Predict(MemoryBatch batch)
    {
        var h = Zeros(batch.BatchSize);
        int read = batch.Inputs.Length - batch.Length;
        var predicted = new int[batch.Length][];
        for (int t = 0; t < batch.Inputs.Length; t++)
        {
            h = GruCell.Step(Ops.Embedding(_p.Emb, batch.Inputs[t]), h, _p.Wrz, _p.Brz, _p.Wn, _p.Bn, _p.Un, _p.Bu);
            if (t >= read) predicted[t - read] = ArgmaxRows(Ops.MatVec(_p.Why, h) + _p.By);
        }
        return predicted;
    }

    public override IDifferentiableFunction LossFunction(MemoryBatch batch) =>
        GruMemory.LossFunction(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize));
}
