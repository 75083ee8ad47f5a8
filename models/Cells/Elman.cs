using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The Elman RNN cell: <c>h' = tanh(Wxh·x + Whh·h + Bh)</c>; state h. PyTorch's initialisation: U(±1/√H).
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
        var hNext = Tanh(MatVec(p.Wxh, x) + MatVec(p.Whh, h) + p.Bh);
        return hNext;
    }
}
