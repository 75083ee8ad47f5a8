using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace PeepholeApp;

/// <summary>The weights of a character-level peephole LSTM.</summary>
[Parameters]
public sealed partial class PeepholeWeights
{
    public Tensor Emb = null!;   // [V, E]
    public Tensor W = null!;     // [4H, E+H], gate rows i, f, o, g over [x; h]
    public Tensor B = null!;     // [4H]
    public Tensor Pi = null!;    // [H], peephole of the input gate on c
    public Tensor Pf = null!;    // [H], peephole of the forget gate on c
    public Tensor Po = null!;    // [H], peephole of the output gate on c'
    public Tensor Why = null!;   // [V, H]
    public Tensor By = null!;    // [V]
}

/// <summary>
/// An LSTM whose gates also look at the cell state (Gers, Schraudolph and Schmidhuber, 2002):
/// <code>
/// a  = W·[x; h] + b
/// i  = σ(a_i + p_i∘c),   f = σ(a_f + p_f∘c),   g = tanh(a_g)
/// c' = f∘c + i∘g
/// o  = σ(a_o + p_o∘c'),  h' = o∘tanh(c')
/// </code>
/// </summary>
public static partial class PeepholeLstm
{
    [Differentiable]
    public static (Tensor H, Tensor C) Step(Tensor x, Tensor h, Tensor c, Tensor w, Tensor b, Tensor pi, Tensor pf, Tensor po)
    {
        var a = MatVec(w, Concat(x, h)) + b;
        var i = Sigmoid(Slice(a, 0, 4) + pi * c);
        var f = Sigmoid(Slice(a, 1, 4) + pf * c);
        var g = Tanh(Slice(a, 3, 4));
        var cNext = f * c + i * g;
        var o = Sigmoid(Slice(a, 2, 4) + po * cNext);
        return (o * Tanh(cNext), cNext);
    }

    /// <summary>Σ_t CE(Why·h_t + By, y_t) over a sequence, the state carried through it.</summary>
    [Differentiable]
    public static double Loss(PeepholeWeights p, int[] inputs, int[] targets, Tensor h, Tensor c)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h, c) = Step(Embedding(p.Emb, inputs[t]), h, c, p.W, p.B, p.Pi, p.Pf, p.Po);
            loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
        }
        return loss;
    }
}
