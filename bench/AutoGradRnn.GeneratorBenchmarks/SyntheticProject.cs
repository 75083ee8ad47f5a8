using System.Globalization;
using System.Text;

namespace AutoGradRnn.GeneratorBenchmarks;

/// <summary>
/// The benchmarked project: <see cref="Files"/> files, each a partial class with one method of each of five cell
/// kinds, every one a loss over a window (a <c>for</c> loop over time): an Elman RNN, an LSTM with its gates sliced
/// from one product, a GRU, two stacked layers (a nested loop) and an Elman RNN with an <c>if</c> inside the loop.
/// 10 files × 5 = 50 [Differentiable] methods, and one [Parameters] container.
/// </summary>
public static class SyntheticProject
{
    public const int Files = 10;

    public const string Usings = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\n\nnamespace Synthetic;\n\n";

    /// <summary>The literal the one-character edit changes (in the first method of file 0).</summary>
    public const string EditedLiteral = "0.5 * CrossEntropy";

    public static string Weights => Usings + """
        [Parameters]
        public sealed partial class Weights
        {
            public Tensor Emb = null!;
            public Tensor W = null!;
            public Tensor B = null!;
            public Tensor U = null!;
            public Tensor Why = null!;
            public Tensor By = null!;
        }
        """;

    public static string File(int f)
    {
        var s = new StringBuilder(Usings);
        s.Append("public static partial class Model").Append(f.ToString(CultureInfo.InvariantCulture)).Append("\n{\n");
        string n = f.ToString(CultureInfo.InvariantCulture);
        s.Append($$"""
                [Differentiable]
                public static (double Loss, Tensor H) Elman{{n}}(Weights p, int[] inputs, int[] targets, Tensor h)
                {
                    double loss = 0;
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        h = Tanh(MatVec(p.W, Embedding(p.Emb, inputs[t])) + MatVec(p.U, h) + p.B);
                        loss += 0.5 * CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
                    }
                    return (loss, h);
                }

                [Differentiable]
                public static (double Loss, Tensor H, Tensor C) Lstm{{n}}(Weights p, int[] inputs, int[] targets, Tensor h, Tensor c)
                {
                    double loss = 0;
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        var gates = MatVec(p.W, Concat(Embedding(p.Emb, inputs[t]), h)) + p.B;
                        var i = Sigmoid(Slice(gates, 0, 4));
                        var f = Sigmoid(Slice(gates, 1, 4));
                        var o = Sigmoid(Slice(gates, 2, 4));
                        var g = Tanh(Slice(gates, 3, 4));
                        c = f * c + i * g;
                        h = o * Tanh(c);
                        loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
                    }
                    return (loss, h, c);
                }

                [Differentiable]
                public static (double Loss, Tensor H) Gru{{n}}(Weights p, int[] inputs, int[] targets, Tensor h)
                {
                    double loss = 0;
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        var x = Embedding(p.Emb, inputs[t]);
                        var rz = Sigmoid(MatVec(p.W, Concat(x, h)) + p.B);
                        var r = Slice(rz, 0, 2);
                        var z = Slice(rz, 1, 2);
                        var candidate = Tanh(MatVec(p.U, Concat(x, r * h)));
                        h = OneMinus(z) * candidate + z * h;
                        loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
                    }
                    return (loss, h);
                }

                [Differentiable]
                public static double Stacked{{n}}(Weights p, int[] inputs, int[] targets, Tensor h, int layers)
                {
                    double loss = 0;
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        var x = Embedding(p.Emb, inputs[t]);
                        for (int layer = 0; layer < layers; layer++)
                        {
                            h = Tanh(MatVec(p.W, x) + MatVec(p.U, h) + p.B);
                            x = h;
                        }
                        loss += CrossEntropy(MatVec(p.Why, x) + p.By, targets[t]);
                    }
                    return loss;
                }

                [Differentiable]
                public static double Gated{{n}}(Weights p, int[] inputs, int[] targets, Tensor h)
                {
                    double loss = 0;
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        var a = MatVec(p.W, Embedding(p.Emb, inputs[t])) + MatVec(p.U, h);
                        if (t % 2 == 0) h = Tanh(a + p.B);
                        else h = Sigmoid(a) * h;
                        loss += CrossEntropy(MatVec(p.Why, h) + p.By, targets[t]);
                    }
                    return loss;
                }

            """);
        s.Append("}\n");
        return s.ToString();
    }
}
