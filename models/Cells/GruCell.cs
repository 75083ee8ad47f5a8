using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The GRU cell in PyTorch's form (so its numbers compare with <c>torch.nn.GRU</c>): the reset and update gates
/// come from one matrix over the concatenated [x; h], in the order r, z; the candidate keeps separate input and
/// hidden biases, and the reset gate multiplies the hidden part only:
/// <code>
/// [r; z] = σ(Wrz·[x; h] + brz)                 Wrz [2H, E+H], brz [2H]; r = rows 0..H, z = rows H..2H
/// n      = tanh(Wn·x + bn + r∘(Un·h + bu))     Wn [H, E], bn [H], Un [H, H], bu [H]
/// h'     = (1 − z)∘n + z∘h
/// </code>
/// x and h may be vectors or batches of rows.
/// </summary>
public static partial class GruCell
{
    [Differentiable]
    public static Tensor Step(Tensor x, Tensor h, Tensor wrz, Tensor brz, Tensor wn, Tensor bn, Tensor un, Tensor bu)
    {
        var rz = Sigmoid(MatVec(wrz, Concat(x, h)) + brz);
        var r = Slice(rz, 0, 2);
        var z = Slice(rz, 1, 2);
        var n = Tanh(MatVec(wn, x) + bn + r * (MatVec(un, h) + bu));
        return OneMinus(z) * n + z * h;
    }
}
