namespace AutoGradRnn.Tests.Runtime;

/// <summary>The vectorised exponential passes of cross-entropy, softmax and log-softmax (256-element chunks of e^(x − max))
/// against their formulas computed in double one element at a time: rows shorter than a chunk, across chunk boundaries
/// with a tail, with large logits (the shift keeps e^x finite), accumulating into a non-zero adjoint.</summary>
public class ExponentialRowsTests
{
    public static TheoryData<DType, int, double> Rows => new()
    {
        { DType.Float32, 7, 3 }, { DType.Float32, 600, 3 }, { DType.Float32, 10000, 8 }, { DType.Float32, 513, 200 },
        { DType.Float64, 256, 3 }, { DType.Float64, 777, 3 }, { DType.Float64, 513, 600 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Cross_entropy_and_its_backward_follow_the_formula(DType dtype, int cols, double range)
    {
        var (logits, rows) = Logits(dtype, cols, range);
        int[] targets = [.. Enumerable.Range(0, rows.Length).Select(r => (r * 97 + 5) % cols)];
        var start = Init.Uniform(new Rng(9), dtype, -1, 1, rows.Length, cols);
        var dlogits = start.Clone();
        double loss = Ops.CrossEntropy(logits, targets);
        Ops.CrossEntropyBackward(logits, targets, loss, 0.7, dlogits);

        double expectedLoss = 0;
        var got = dlogits.ToDoubleArray();
        var s = start.ToDoubleArray();
        for (int r = 0; r < rows.Length; r++)
        {
            var p = SoftmaxOf(rows[r]);
            expectedLoss -= Math.Log(p[targets[r]]) / rows.Length;
            for (int i = 0; i < cols; i++)
            {
                double expected = s[r * cols + i] + 0.7 / rows.Length * (p[i] - (i == targets[r] ? 1 : 0));
                Near(dtype, got[r * cols + i], expected, $"dlogits[{r},{i}] of {cols}");
            }
        }
        Near(dtype, loss, expectedLoss, "loss");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Softmax_and_log_softmax_and_their_backward_follow_the_formula(DType dtype, int cols, double range)
    {
        var (x, rows) = Logits(dtype, cols, range);
        var dy = Init.Uniform(new Rng(11), dtype, -1, 1, rows.Length, cols);
        var start = Init.Uniform(new Rng(12), dtype, -1, 1, rows.Length, cols);
        var y = Ops.Softmax(x);
        var logY = Ops.LogSoftmax(x);
        var dxSoft = start.Clone();
        var dxLog = start.Clone();
        Ops.SoftmaxBackward(x, y, dy, dxSoft);
        Ops.LogSoftmaxBackward(x, logY, dy, dxLog);

        var (g, s, ys, ls, ds, dl) = (dy.ToDoubleArray(), start.ToDoubleArray(), y.ToDoubleArray(), logY.ToDoubleArray(), dxSoft.ToDoubleArray(), dxLog.ToDoubleArray());
        for (int r = 0; r < rows.Length; r++)
        {
            var p = SoftmaxOf(rows[r]);
            double logSum = rows[r].Max() + Math.Log(rows[r].Sum(v => Math.Exp(v - rows[r].Max())));
            double inner = 0, total = 0;
            for (int i = 0; i < cols; i++) { inner += g[r * cols + i] * p[i]; total += g[r * cols + i]; }
            for (int i = 0; i < cols; i++)
            {
                int at = r * cols + i;
                Near(dtype, ys[at], p[i], $"softmax[{r},{i}]");
                Near(dtype, ls[at], rows[r][i] - logSum, $"log softmax[{r},{i}]");
                Near(dtype, ds[at], s[at] + p[i] * (g[at] - inner), $"softmax dx[{r},{i}]");
                Near(dtype, dl[at], s[at] + g[at] - p[i] * total, $"log softmax dx[{r},{i}]");
            }
        }
    }

    private static (Tensor Logits, double[][] Rows) Logits(DType dtype, int cols, double range)
    {
        var logits = Init.Uniform(new Rng((ulong)cols), dtype, -range, range, 3, cols);
        var all = logits.ToDoubleArray();
        return (logits, [.. Enumerable.Range(0, 3).Select(r => all[(r * cols)..((r + 1) * cols)])]);
    }

    private static double[] SoftmaxOf(double[] row)
    {
        double max = row.Max();
        var e = row.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    private static void Near(DType dtype, double got, double expected, string what)
    {
        double tolerance = dtype == DType.Float32 ? 2e-5 : 1e-12;
        Assert.True(Math.Abs(got - expected) <= tolerance * (1 + Math.Abs(expected)), $"{what}: {got} vs {expected}");
    }
}
