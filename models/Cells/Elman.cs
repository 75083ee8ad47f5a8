using AutoGradRnn;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The Elman RNN as a cell: h' = tanh(Wxh·x + Whh·h + bh) (<see cref="ElmanCell.Step"/>); state h. PyTorch's
/// initialisation: U(±1/√H).
/// </summary>
public sealed partial class Elman : IRecurrentCell<Elman>
{
    [Parameters]
    public sealed partial class Weights
    {
        /// <summary>Input weights [H, E].</summary>
        public Tensor Wxh = null!;
        /// <summary>Recurrent weights [H, H].</summary>
        public Tensor Whh = null!;
        /// <summary>Bias [H].</summary>
        public Tensor Bh = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        Wxh = size.Uniform(rng, dtype, size.Hidden, size.Input),
        Whh = size.Uniform(rng, dtype, size.Hidden, size.Hidden),
        Bh = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var hNext = ElmanCell.Step(x, h, p.Wxh, p.Whh, p.Bh);
        return hNext;
    }
}
