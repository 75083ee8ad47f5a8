using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>The weights of the Elman Reber network.</summary>
[Parameters]
public sealed partial class ElmanReberParameters
{
    /// <summary>Embedding table [7, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Input weights [H, E].</summary>
    public Tensor Wxh = null!;
    /// <summary>Recurrent weights [H, H].</summary>
    public Tensor Whh = null!;
    /// <summary>Hidden biases [H].</summary>
    public Tensor Bh = null!;
    /// <summary>Output weights [7, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [7].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The Elman RNN on the Reber grammars (the cell is <see cref="ElmanCell.Step"/>):
/// <code>
/// h_t  = tanh(Wxh·Emb[x_t] + Whh·h_{t−1} + Bh)            from h_0 = 0
/// loss = Σ_t mean_b Σ_s BCE(σ(Why·h_t + By)_s, y_t,s)    y_t: the legal next symbols, multi-hot
/// </code>
/// </summary>
public static partial class ElmanReber
{
    [Differentiable]
    public static double Loss(ElmanReberParameters p, int[][] inputs, Tensor targets, int[][] rows, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = ElmanCell.Step(Embedding(p.Emb, inputs[t]), h, p.Wxh, p.Whh, p.Bh);
            loss += SigmoidCrossEntropy(MatVec(p.Why, h) + p.By, Embedding(targets, rows[t]));
        }
        return loss;
    }
}

/// <summary><see cref="ElmanReber"/> as the experiment drives it.</summary>
public sealed class ElmanReberModel : ReberModel
{
    private readonly ElmanReberParameters _p;
    private readonly ElmanReber.LossTape _tape = new();

    public ElmanReberModel(ReberConfig config, DType dtype, Rng rng) : base("elman", config, dtype)
    {
        int e = config.Embedding, h = config.Hidden;
        _p = new ElmanReberParameters
        {
            Emb = Embedding(rng, dtype, e),
            Wxh = Uniform(rng, dtype, h, h, e),
            Whh = Uniform(rng, dtype, h, h, h),
            Bh = Uniform(rng, dtype, h, h),
            Why = Uniform(rng, dtype, h, ReberGrammar.SymbolCount, h),
            By = Uniform(rng, dtype, h, ReberGrammar.SymbolCount),
        };
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    public override double TrainBatch(ReberBatch batch, IParameters gradients)
    {
        double loss = ElmanReber.LossForward(_p, batch.Inputs, batch.Targets, batch.Rows, Zeros(batch.Size), _tape);
        ElmanReber.LossBackward(_tape, 1.0, (ElmanReberParameters)gradients, null, null);
        return loss;
    }

    public override IEnumerable<Tensor> Logits(ReberBatch batch)
    {
        var h = Zeros(batch.Size);
        foreach (var input in batch.Inputs)
        {
            h = ElmanCell.Step(Ops.Embedding(_p.Emb, input), h, _p.Wxh, _p.Whh, _p.Bh);
            yield return Ops.MatVec(_p.Why, h) + _p.By;
        }
    }

    public override IDifferentiableFunction LossFunction(ReberBatch batch) =>
        ElmanReber.LossFunction(_p, batch.Inputs, batch.Targets, batch.Rows, Zeros(batch.Size));
}
