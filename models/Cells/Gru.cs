using AutoGradRnn;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The GRU as a cell, PyTorch's form (the equations are <see cref="GruCell.Step"/>'s): gates r, z over [x; h], a
/// candidate with a reset hidden part; state h. PyTorch's initialisation: U(±1/√H).
/// </summary>
public sealed partial class Gru : IRecurrentCell<Gru>
{
    [Parameters]
    public sealed partial class Weights
    {
        /// <summary>Reset and update gate weights [2H, E+H] over [x; h] (rows r, then z) and biases [2H].</summary>
        public Tensor Wrz = null!;
        public Tensor Brz = null!;
        /// <summary>Candidate input weights [H, E] and bias [H].</summary>
        public Tensor Wn = null!;
        public Tensor Bn = null!;
        /// <summary>Candidate hidden weights [H, H] and bias [H] (inside the reset gate).</summary>
        public Tensor Un = null!;
        public Tensor Bu = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng)
    {
        int e = size.Input, h = size.Hidden;
        return new Weights
        {
            Wrz = size.Uniform(rng, dtype, 2 * h, e + h),
            Brz = size.Uniform(rng, dtype, 2 * h),
            Wn = size.Uniform(rng, dtype, h, e),
            Bn = size.Uniform(rng, dtype, h),
            Un = size.Uniform(rng, dtype, h, h),
            Bu = size.Uniform(rng, dtype, h),
        };
    }

    [Differentiable]
    public static Tensor Step(Weights p, Tensor x, Tensor h)
    {
        var hNext = GruCell.Step(x, h, p.Wrz, p.Brz, p.Wn, p.Bn, p.Un, p.Bu);
        return hNext;
    }
}
