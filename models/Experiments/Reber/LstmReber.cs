using AutoGradRnn;
using AutoGradRnn.Models.Cells;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>The weights of the LSTM Reber network.</summary>
[Parameters]
public sealed partial class LstmReberParameters
{
    /// <summary>Embedding table [7, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Gate weights [4H, E+H] over [x; h], gates i, f, o, g (<see cref="LstmCell"/>).</summary>
    public Tensor W = null!;
    /// <summary>Gate biases [4H].</summary>
    public Tensor B = null!;
    /// <summary>Output weights [7, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [7].</summary>
    public Tensor By = null!;
}

/// <summary>
/// The LSTM on the Reber grammars (the cell is <see cref="LstmCell.Step"/>):
/// <code>
/// (h_t, c_t) = LSTM(Emb[x_t], h_{t−1}, c_{t−1})           from h_0 = c_0 = 0
/// loss       = Σ_t mean_b Σ_s BCE(σ(Why·h_t + By)_s, y_t,s)   y_t: the legal next symbols, multi-hot
/// </code>
/// </summary>
public static partial class LstmReber
{
    [Differentiable]
    public static double Loss(LstmReberParameters p, int[][] inputs, Tensor targets, int[][] rows, Tensor h, Tensor c)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h, c) = LstmCell.Step(Embedding(p.Emb, inputs[t]), h, c, p.W, p.B);
            loss += SigmoidCrossEntropy(MatVec(p.Why, h) + p.By, Embedding(targets, rows[t]));
        }
        return loss;
    }
}

/// <summary><see cref="LstmReber"/> as the experiment drives it.</summary>
public sealed class LstmReberModel : ReberModel
{
    private readonly LstmReberParameters _p;
    private readonly LstmReber.LossTape _tape = new();

    public LstmReberModel(ReberConfig config, DType dtype, Rng rng) : base("lstm", config, dtype)
    {
        int e = config.Embedding, h = config.Hidden;
        _p = new LstmReberParameters
        {
            Emb = Embedding(rng, dtype, e),
            W = Uniform(rng, dtype, h, 4 * h, e + h),
            B = Uniform(rng, dtype, h, 4 * h),
            Why = Uniform(rng, dtype, h, ReberGrammar.SymbolCount, h),
            By = Uniform(rng, dtype, h, ReberGrammar.SymbolCount),
        };
    }

    public override IParameters Weights => _p;

    public override IParameters NewGradients() => _p.ZerosLike();

    public override double TrainBatch(ReberBatch batch, IParameters gradients)
    {
        double loss = LstmReber.LossForward(_p, batch.Inputs, batch.Targets, batch.Rows, Zeros(batch.Size), Zeros(batch.Size), _tape);
        LstmReber.LossBackward(_tape, 1.0, (LstmReberParameters)gradients, null, null, null);
        return loss;
    }

    public override IEnumerable<Tensor> Logits(ReberBatch batch)
    {
        Tensor h = Zeros(batch.Size), c = Zeros(batch.Size);
        foreach (var input in batch.Inputs)
        {
            (h, c) = LstmCell.Step(Ops.Embedding(_p.Emb, input), h, c, _p.W, _p.B);
            yield return Ops.MatVec(_p.Why, h) + _p.By;
        }
    }

    public override IDifferentiableFunction LossFunction(ReberBatch batch) =>
        LstmReber.LossFunction(_p, batch.Inputs, batch.Targets, batch.Rows, Zeros(batch.Size), Zeros(batch.Size));
}
