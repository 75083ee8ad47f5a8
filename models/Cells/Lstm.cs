using AutoGradRnn;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The LSTM as a cell: weights W [4H, E+H] over [x; h] and b [4H], gates i, f, o, g (the equations are
/// <see cref="LstmCell.Step"/>'s); state (h, c), output h. PyTorch's initialisation: U(±1/√H).
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
        var (hNext, cNext) = LstmCell.Step(x, h, c, p.W, p.B);
        return (hNext, cNext);
    }
}
