using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace PeepholeApp;

/// <summary>
/// The peephole LSTM as a cell (Gers, Schraudolph and Schmidhuber, 2002): its weights, its default initialisation and
/// its step; the state is (h, c). Everything else (the recurrence, the tasks, the trainer, the command line) runs it.
/// <code>
/// a  = W·[x; h] + b
/// i  = σ(a_i + p_i∘c),   f = σ(a_f + p_f∘c),   g = tanh(a_g)
/// c' = f∘c + i∘g
/// o  = σ(a_o + p_o∘c'),  h' = o∘tanh(c')
/// </code>
/// </summary>
public sealed partial class PeepholeCell : IRecurrentCell<PeepholeCell>
{
    [Parameters]
    public sealed partial class Weights
    {
        public Tensor W = null!;     // [4H, E+H], gate rows i, f, o, g over [x; h]
        public Tensor B = null!;     // [4H]
        public Tensor Pi = null!;    // [H], peephole of the input gate on c
        public Tensor Pf = null!;    // [H], peephole of the forget gate on c
        public Tensor Po = null!;    // [H], peephole of the output gate on c'
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights
    {
        W = size.Uniform(rng, dtype, 4 * size.Hidden, size.Input + size.Hidden),
        B = size.Uniform(rng, dtype, 4 * size.Hidden),
        Pi = size.Uniform(rng, dtype, size.Hidden),
        Pf = size.Uniform(rng, dtype, size.Hidden),
        Po = size.Uniform(rng, dtype, size.Hidden),
    };

    [Differentiable]
    public static (Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)
    {
        var a = MatVec(p.W, Concat(x, h)) + p.B;
        var i = Sigmoid(Slice(a, 0, 4) + p.Pi * c);
        var f = Sigmoid(Slice(a, 1, 4) + p.Pf * c);
        var g = Tanh(Slice(a, 3, 4));
        var cNext = f * c + i * g;
        var o = Sigmoid(Slice(a, 2, 4) + p.Po * cNext);
        return (o * Tanh(cNext), cNext);
    }
}
