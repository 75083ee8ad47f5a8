using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The LSTM cell in the course's form: one weight matrix W [4H, E+H] over the concatenated [x; h] and a bias B [4H];
/// the gates are sliced from the pre-activation in the order i, f, o, g:
/// <code>
/// a = W·[x; h] + B
/// i = σ(a[0:H]),  f = σ(a[H:2H]),  o = σ(a[2H:3H]),  g = tanh(a[3H:4H])
/// c' = f∘c + i∘g,   h' = o∘tanh(c')
/// </code>
/// State (h, c), output h; x, h and c are batches of rows. PyTorch's initialisation: U(±1/√H).
/// </summary>
public sealed partial class Lstm : IRecurrentCell<Lstm>
{
    [Parameters]
    public sealed partial class Weights
    {
        /// <summary>Gate weights [4H, E+H] over [x; h], gate rows in the order i, f, o, g.</summary>
        public Tensor W = null!;
        /// <summary>Gate biases [4H].</summary>
        public Tensor B = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, 4 * size.Hidden, size.Input + size.Hidden),
        B = size.Uniform(rng, dtype, 4 * size.Hidden),
    };

    /// <summary>The forget gate's biases are rows H … 2H of B (gate order i, f, o, g).</summary>
    public static bool AddForgetBias(IParameters weights, double bias)
    {
        var b = ((Weights)weights).B;
        int h = b.Length / 4;
        for (int j = h; j < 2 * h; j++) b.SetAt(j, b.GetAt(j) + bias);
        return true;
    }

    [Differentiable]
    public static (Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)
    {
        var gates = MatVec(p.W, Concat(x, h)) + p.B;
        var i = Sigmoid(Slice(gates, 0, 4));
        var f = Sigmoid(Slice(gates, 1, 4));
        var o = Sigmoid(Slice(gates, 2, 4));
        var g = Tanh(Slice(gates, 3, 4));
        var cNext = f * c + i * g;
        var hNext = o * Tanh(cNext);
        return (hNext, cNext);
    }
}
