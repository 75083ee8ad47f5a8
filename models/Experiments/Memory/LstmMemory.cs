using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>The weights of the LSTM memorization network.</summary>
[Parameters]
public sealed partial class LstmMemoryParameters
{
    /// <summary>Embedding table [10, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Gate weights [4H, E+H] over [x; h], gates i, f, o, g (<see cref="LstmCell"/>).</summary>
    public Tensor W = null!;
    /// <summary>Gate biases [4H].</summary>
    public Tensor B = null!;
    /// <summary>Output weights [10, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [10].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The LSTM on the memorization task (the cell is <see cref="LstmCell.Step"/>):
/// <code>
/// (h_t, c_t) = LSTM(Emb[x_t], h_{t−1}, c_{t−1})          for all 2L + 1 inputs, from h_0 = c_0 = 0
/// loss       = Σ_{t after the delimiter} mean_b CE(Why·h_t + By, y_t)
/// </code>
/// </summary>
public static partial class LstmMemory
{
    [Differentiable]
    public static double Loss(LstmMemoryParameters p, int[][] inputs, int[][] targets, Tensor h, Tensor c)
    {
        int read = inputs.Length - targets.Length;
        for (int t = 0; t < read; t++)
        {
            (h, c) = LstmCell.Step(Embedding(p.Emb, inputs[t]), h, c, p.W, p.B);
        }
        double loss = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            (h, c) = LstmCell.Step(Embedding(p.Emb, inputs[read + t]), h, c, p.W, p.B);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return loss;
    }
}

/// <summary><see cref="LstmMemory"/> as the experiment drives it.</summary>
public sealed class LstmMemoryModel : MemoryModel
{
    private readonly LstmMemoryParameters _p;
    private readonly LstmMemory.LossTape _tape = new();

    public LstmMemoryModel(MemoryConfig config, DType dtype, Rng rng) : base("lstm", config, dtype)
    {
        int e = config.Embedding, h = config.Hidden;
        _p = new LstmMemoryParameters
        {
            Emb = Embedding(rng, dtype, e),
            W = Uniform(rng, dtype, h, 4 * h, e + h),
            B = Uniform(rng, dtype, h, 4 * h),
            Why = Uniform(rng, dtype, h, MemoryTask.Vocabulary, h),
            By = Uniform(rng, dtype, h, MemoryTask.Vocabulary),
        };
        for (int j = h; j < 2 * h; j++) _p.B.SetAt(j, _p.B.GetAt(j) + config.ForgetBias); // gate rows i, f, o, g: f is rows H…2H
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    public override double TrainBatch(MemoryBatch batch, IParameters gradients)
    {
        double loss = LstmMemory.LossForward(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize), Zeros(batch.BatchSize), _tape);
        LstmMemory.LossBackward(_tape, 1.0, (LstmMemoryParameters)gradients, null, null);
        return loss;
    }

    public override int[][] Predict(MemoryBatch batch)
    {
        Tensor h = Zeros(batch.BatchSize), c = Zeros(batch.BatchSize);
        int read = batch.Inputs.Length - batch.Length;
        var predicted = new int[batch.Length][];
        for (int t = 0; t < batch.Inputs.Length; t++)
        {
            (h, c) = LstmCell.Step(Ops.Embedding(_p.Emb, batch.Inputs[t]), h, c, _p.W, _p.B);
            if (t >= read) predicted[t - read] = ArgmaxRows(Ops.MatVec(_p.Why, h) + _p.By);
        }
        return predicted;
    }

    public override IDifferentiableFunction LossFunction(MemoryBatch batch) =>
        LstmMemory.LossFunction(_p, batch.Inputs, batch.Targets, Zeros(batch.BatchSize), Zeros(batch.BatchSize));
}
