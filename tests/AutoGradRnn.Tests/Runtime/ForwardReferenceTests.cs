using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every forward kernel against a plain loop in float64 (the rules are checked against finite
/// differences of these kernels, so a kernel must be right on its own).</summary>
public class ForwardReferenceTests
{
    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 1, dims);

    private static double[] Map(Tensor x, Func<double, double> f) => x.ToDoubleArray().Select(f).ToArray();

    private static double[] Zip(Tensor a, Tensor b, Func<double, double, double> f) => a.ToDoubleArray().Zip(b.ToDoubleArray(), f).ToArray();

    /// <summary>c[i,j] = Σₚ a(i,p) · b(p,j) with the operands read through index functions.</summary>
    private static double[] Product(int m, int k, int n, Func<int, int, double> a, Func<int, int, double> b)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) c[i * n + j] += a(i, p) * b(p, j);
        return c;
    }

    private static double[] PerRow(Tensor x, Func<double[], double[]> f) =>
        x.ToDoubleArray().Chunk(x.Shape.Last).SelectMany(f).ToArray();

    private static double[] SoftmaxOf(double[] row) => row.Select(v => Math.Exp(v) / row.Sum(Math.Exp)).ToArray();

    private static readonly Dictionary<string, Func<Rng, (Tensor Actual, double[] Expected)>> Cases = new()
    {
        ["Add bias over rows"] = r => { var (a, b) = (N(r, 3, 4), N(r, 4)); return (Add(a, b), a.ToDoubleArray().Select((v, i) => v + b.GetAt(i % 4)).ToArray()); },
        ["Subtract"] = r => { var (a, b) = (N(r, 5), N(r, 5)); return (Subtract(a, b), Zip(a, b, (u, v) => u - v)); },
        ["Multiply vector over rows"] = r => { var (a, b) = (N(r, 3), N(r, 4, 3)); return (Multiply(a, b), b.ToDoubleArray().Select((v, i) => a.GetAt(i % 3) * v).ToArray()); },
        ["Divide"] = r => { var (a, b) = (N(r, 6), Init.Uniform(r, DType.Float64, 0.5, 2, 6)); return (Divide(a, b), Zip(a, b, (u, v) => u / v)); },
        ["Negate"] = r => { var x = N(r, 4); return (Negate(x), Map(x, v => -v)); },
        ["Scale"] = r => { var x = N(r, 2, 3); return (Scale(x, 1.5), Map(x, v => 1.5 * v)); },
        ["ScalarMinus"] = r => { var x = N(r, 5); return (ScalarMinus(0.25, x), Map(x, v => 0.25 - v)); },
        ["OneMinus"] = r => { var x = N(r, 5); return (OneMinus(x), Map(x, v => 1 - v)); },
        ["MatVec"] = r => { var (w, x) = (N(r, 4, 3), N(r, 3)); return (MatVec(w, x), Product(4, 3, 1, (i, p) => w[i, p], (p, _) => x[p])); },
        ["MatVec over batch rows"] = r => { var (w, x) = (N(r, 4, 3), N(r, 5, 3)); return (MatVec(w, x), Product(5, 3, 4, (b, p) => x[b, p], (p, i) => w[i, p])); },
        ["MatMul"] = r => { var (a, b) = (N(r, 3, 4), N(r, 4, 2)); return (MatMul(a, b), Product(3, 4, 2, (i, p) => a[i, p], (p, j) => b[p, j])); },
        ["MatMulTransposeB"] = r => { var (a, b) = (N(r, 3, 4), N(r, 2, 4)); return (MatMulTransposeB(a, b), Product(3, 4, 2, (i, p) => a[i, p], (p, j) => b[j, p])); },
        ["MatMulTransposeA"] = r => { var (a, b) = (N(r, 4, 3), N(r, 4, 2)); return (MatMulTransposeA(a, b), Product(3, 4, 2, (i, p) => a[p, i], (p, j) => b[p, j])); },
        ["Outer"] = r => { var (a, b) = (N(r, 3), N(r, 4)); return (Outer(a, b), Product(3, 1, 4, (i, _) => a[i], (_, j) => b[j])); },
        ["Concat batch rows"] = r => { var (a, b) = (N(r, 4, 3), N(r, 4, 2)); return (Concat(a, b), Enumerable.Range(0, 4).SelectMany(i => a.ToDoubleArray().Skip(3 * i).Take(3).Concat(b.ToDoubleArray().Skip(2 * i).Take(2))).ToArray()); },
        ["Slice gate of batch rows"] = r => { var x = N(r, 3, 12); return (Slice(x, 2, 4), PerRow(x, row => row[6..9])); },
        ["SliceRange"] = r => { var x = N(r, 2, 7); return (SliceRange(x, 2, 4), PerRow(x, row => row[2..6])); },
        ["ColumnsOf part first"] = r => { var (w, x) = (N(r, 3, 7), N(r, 2, 2)); return (ColumnsOf(w, x, false), PerRow(w, row => row[0..2])); },
        ["ColumnsOf part last"] = r => { var (w, x) = (N(r, 3, 7), N(r, 2, 2)); return (ColumnsOf(w, x, true), PerRow(w, row => row[5..7])); },
        ["OtherColumns part first"] = r => { var (w, x) = (N(r, 3, 7), N(r, 2, 2)); return (OtherColumns(w, x, false), PerRow(w, row => row[2..7])); },
        ["OtherColumns part last"] = r => { var (w, x) = (N(r, 3, 7), N(r, 2, 2)); return (OtherColumns(w, x, true), PerRow(w, row => row[0..5])); },
        ["Tanh"] = r => { var x = N(r, 3, 5); return (Tanh(x), Map(x, Math.Tanh)); },
        ["Sigmoid"] = r => { var x = N(r, 3, 5); return (Sigmoid(x), Map(x, v => 1 / (1 + Math.Exp(-v)))); },
        ["Relu"] = r => { var x = N(r, 3, 5); return (Relu(x), Map(x, v => Math.Max(v, 0))); },
        ["Exp"] = r => { var x = N(r, 6); return (Exp(x), Map(x, Math.Exp)); },
        ["Log"] = r => { var x = Init.Uniform(r, DType.Float64, 0.1, 5, 6); return (Log(x), Map(x, v => Math.Log(v))); },
        ["Square"] = r => { var x = N(r, 6); return (Square(x), Map(x, v => v * v)); },
        ["Softmax over batch rows"] = r => { var x = N(r, 3, 5); return (Softmax(x), PerRow(x, SoftmaxOf)); },
        ["LogSoftmax over batch rows"] = r => { var x = N(r, 3, 5); return (LogSoftmax(x), PerRow(x, row => SoftmaxOf(row).Select(v => Math.Log(v)).ToArray())); },
        ["Softmax of large logits"] = r => { var x = Tensor.FromArray(new[] { 1000.0, 1001, 999 }, 3); return (Softmax(x), SoftmaxOf(new[] { 1.0, 2, 0 })); },
        ["Embedding per batch row"] = r => { var t = N(r, 5, 3); return (Embedding(t, new[] { 4, 1, 4 }), new[] { 4, 1, 4 }.SelectMany(i => t.ToDoubleArray()[(3 * i)..(3 * i + 3)]).ToArray()); },
        ["CrossEntropy"] = r => { var x = N(r, 7); return (Tensor.Scalar(DType.Float64, CrossEntropy(x, 4)), new[] { -Math.Log(SoftmaxOf(x.ToDoubleArray())[4]) }); },
        ["CrossEntropy per batch row (mean)"] = r =>
        {
            var x = N(r, 3, 7);
            int[] targets = { 4, 0, 6 };
            var rows = x.ToDoubleArray().Chunk(7).ToArray();
            return (Tensor.Scalar(DType.Float64, CrossEntropy(x, targets)), new[] { targets.Select((t, b) => -Math.Log(SoftmaxOf(rows[b])[t])).Average() });
        },
        ["SigmoidCrossEntropy per batch row (mean of row sums)"] = r =>
        {
            var (z, y) = (N(r, 3, 5), Init.Uniform(r, DType.Float64, 0, 1, 3, 5));
            double Bce(double zi, double yi) => -(yi * Math.Log(1 / (1 + Math.Exp(-zi))) + (1 - yi) * Math.Log(1 - 1 / (1 + Math.Exp(-zi))));
            return (Tensor.Scalar(DType.Float64, SigmoidCrossEntropy(z, y)), new[] { Zip(z, y, Bce).Sum() / 3 });
        },
        ["SigmoidCrossEntropy of large logits"] = r =>
        {
            var (z, y) = (Tensor.FromArray(new[] { 60.0, -60, 60, -60 }, 4), Tensor.FromArray(new[] { 1.0, 0, 0, 1 }, 4));
            return (Tensor.Scalar(DType.Float64, SigmoidCrossEntropy(z, y)), new[] { 120.0 + 2 * Math.Log(1 + Math.Exp(-60)) });
        },
        ["Sum"] = r => { var x = N(r, 2, 3); return (Tensor.Scalar(DType.Float64, Sum(x)), new[] { x.ToDoubleArray().Sum() }); },
        ["Mean"] = r => { var x = N(r, 2, 3); return (Tensor.Scalar(DType.Float64, Mean(x)), new[] { x.ToDoubleArray().Average() }); },
        ["Dot"] = r => { var (a, b) = (N(r, 4), N(r, 4)); return (Tensor.Scalar(DType.Float64, Dot(a, b)), new[] { Zip(a, b, (u, v) => u * v).Sum() }); },
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Kernel_matches_a_plain_loop(string name)
    {
        var (actual, expected) = Cases[name](new Rng(21));

        Assert.Equal(expected.Length, actual.Length);
        var got = actual.ToDoubleArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])),
                $"{name}{actual.Shape.FormatIndex(i)}: kernel {got[i]:R}, reference {expected[i]:R}");
    }
}
