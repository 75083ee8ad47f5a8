using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>The generated BPTT of <see cref="Sequences.ElmanLoss"/> against <see cref="MinCharRnnReference"/>.</summary>
public class MinCharRnnReferenceTests
{
    private static double[,] Matrix(Tensor t)
    {
        var m = new double[t.Shape[0], t.Shape[1]];
        for (int i = 0; i < t.Shape[0]; i++)
            for (int j = 0; j < t.Shape[1]; j++) m[i, j] = t[i, j];
        return m;
    }

    private static double[,] Transpose(double[,] m)
    {
        var r = new double[m.GetLength(1), m.GetLength(0)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) r[j, i] = m[i, j];
        return r;
    }

    private static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * scale, $"{what}: reference {expected:R}, generated {actual:R}");
    }

    private static void Close(double[] expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], actual.GetAt(i), $"{what}[{i}]");
    }

    private static void Close(double[,] expected, Tensor actual, string what)
    {
        Assert.Equal(new[] { expected.GetLength(0), expected.GetLength(1) }, actual.Shape.ToArray());
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++) Close(expected[i, j], actual[i, j], $"{what}[{i},{j}]");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Generated_bptt_matches_the_course_algorithm(ulong seed)
    {
        const int V = 6, H = 5, T = 25;
        var r = new Rng(seed);
        int[] inputs = Enumerable.Range(0, T).Select(_ => r.NextInt(V)).ToArray();
        int[] targets = Enumerable.Range(0, T).Select(_ => r.NextInt(V)).ToArray();
        Tensor N(params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.5, dims);
        Tensor h = N(H), wxh = N(V, H), whh = N(H, H), why = N(V, H), bh = N(H), by = N(V);

        var reference = MinCharRnnReference.LossFun(inputs, targets, h.ToDoubleArray(), Transpose(Matrix(wxh)), Matrix(whh), Matrix(why), bh.ToDoubleArray(), by.ToDoubleArray());

        Tensor dh = Tensor.ZerosLike(h), dwxh = Tensor.ZerosLike(wxh), dwhh = Tensor.ZerosLike(whh), dwhy = Tensor.ZerosLike(why), dbh = Tensor.ZerosLike(bh), dby = Tensor.ZerosLike(by);
        var (loss, hT) = Sequences.ElmanLossWithGradient(inputs, targets, h, wxh, whh, why, bh, by, 1.0, null, dh, dwxh, dwhh, dwhy, dbh, dby);

        Close(reference.Loss, loss, "loss");
        Close(reference.H, hT, "h");
        Close(reference.DHPrev, dh, "dh0");
        Close(Transpose(reference.DWxh), dwxh, "dwxh");
        Close(reference.DWhh, dwhh, "dwhh");
        Close(reference.DWhy, dwhy, "dwhy");
        Close(reference.Dbh, dbh, "dbh");
        Close(reference.Dby, dby, "dby");
        // the generated loss is the method's own
        Assert.Equal(Sequences.ElmanLoss(inputs, targets, h, wxh, whh, why, bh, by).Loss, loss);
    }
}
