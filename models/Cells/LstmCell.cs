using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The LSTM cell in the course's form: one weight matrix W [4H, E+H] over the concatenated [x; h] and a bias
/// b [4H]; the gates are sliced from the pre-activation in the order i, f, o, g:
/// <code>
/// a = W·[x; h] + b
/// i = σ(a[0:H]),  f = σ(a[H:2H]),  o = σ(a[2H:3H]),  g = tanh(a[3H:4H])
/// c' = f∘c + i∘g,   h' = o∘tanh(c')
/// </code>
/// x, h and c may be vectors or batches of rows; the same code runs for both.
/// </summary>
public static partial class LstmCell
{
    [Differentiable]
    public static (Tensor H, Tensor C) Step(Tensor x, Tensor h, Tensor c, Tensor w, Tensor b)
    {
        var gates = MatVec(w, Concat(x, h)) + b;
        var i = Sigmoid(Slice(gates, 0, 4));
        var f = Sigmoid(Slice(gates, 1, 4));
        var o = Sigmoid(Slice(gates, 2, 4));
        var g = Tanh(Slice(gates, 3, 4));
        var cNext = f * c + i * g;
        var hNext = o * Tanh(cNext);
        return (hNext, cNext);
    }
}
