using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>Forward-only cells whose generated gradients the tests check against finite differences.</summary>
public static partial class Cells
{
    /// <summary>Elman RNN step: h' = tanh(Wxh·x + Whh·h + bh).</summary>
    [Differentiable]
    public static Tensor Elman(Tensor x, Tensor h, Tensor wxh, Tensor whh, Tensor bh) =>
        Tanh(MatVec(wxh, x) + MatVec(whh, h) + bh);

    /// <summary>LSTM step in the course's form: one matrix over [x; h], gates i, f, o, g sliced from it.</summary>
    [Differentiable]
    public static (Tensor H, Tensor C) Lstm(Tensor x, Tensor h, Tensor c, Tensor w, Tensor b)
    {
        var gates = MatVec(w, Concat(x, h)) + b;
        var i = Sigmoid(Slice(gates, 0, 4));
        var f = Sigmoid(Slice(gates, 1, 4));
        var o = Sigmoid(Slice(gates, 2, 4));
        var g = Tanh(Slice(gates, 3, 4));
        var cNext = f * c + i * g;
        return (o * Tanh(cNext), cNext);
    }

    /// <summary>GRU step (PyTorch's form): r, z from [x; h]; n = tanh(Wn·x + bn + r∘(Un·h + bu)); h' = (1 − z)∘n + z∘h.</summary>
    [Differentiable]
    public static Tensor Gru(Tensor x, Tensor h, Tensor wrz, Tensor brz, Tensor wn, Tensor bn, Tensor un, Tensor bu)
    {
        var rz = Sigmoid(MatVec(wrz, Concat(x, h)) + brz);
        var r = Slice(rz, 0, 2);
        var z = Slice(rz, 1, 2);
        var n = Tanh(MatVec(wn, x) + bn + r * (MatVec(un, h) + bu));
        return OneMinus(z) * n + z * h;
    }

    /// <summary>Two LSTM steps, each through the generated forward and backward of <see cref="Lstm"/>, and a scalar read-out.</summary>
    [Differentiable]
    public static double TwoLstmSteps(Tensor x1, Tensor x2, Tensor h, Tensor c, Tensor w, Tensor b)
    {
        var (h1, c1) = Lstm(x1, h, c, w, b);
        (h, c) = Lstm(x2, h1, c1, w, b);
        double readOut = Sum(h) + 0.5 * Dot(c, c);
        return readOut;
    }
}
