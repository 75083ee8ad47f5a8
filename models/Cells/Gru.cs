using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.Cells;

/// <summary>
/// The GRU cell in PyTorch's form (<c>torch.nn.GRUCell</c>): reset and update gates over [x; h], a candidate whose
/// hidden part is reset before it is added:
/// <code>
/// [r; z] = σ(Wrz·[x; h] + Brz)
/// n      = tanh(Wn·x + Bn + r∘(Un·h + Bu))
/// h'     = (1 − z)∘n + z∘h
/// </code>
/// State h. PyTorch's initialisation: U(±1/√H).
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
        var rz = Sigmoid(MatVec(p.Wrz, Concat(x, h)) + p.Brz);
        var r = Slice(rz, 0, 2);
        var z = Slice(rz, 1, 2);
        var n = Tanh(MatVec(p.Wn, x) + p.Bn + r * (MatVec(p.Un, h) + p.Bu));
        return OneMinus(z) * n + z * h;
    }
}
