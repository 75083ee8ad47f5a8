using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The Elman (vanilla RNN) cell of min-char-rnn and the course, over an embedded input x [E] (or a batch [B, E]):
/// <code>
/// h' = tanh(Wxh·x + Whh·h + bh)          Wxh [H, E], Whh [H, H], bh [H]
/// </code>
/// </summary>
public static partial class ElmanCell
{
    [Differentiable]
    public static Tensor Step(Tensor x, Tensor h, Tensor wxh, Tensor whh, Tensor bh) =>
        Tanh(MatVec(wxh, x) + MatVec(whh, h) + bh);
}
