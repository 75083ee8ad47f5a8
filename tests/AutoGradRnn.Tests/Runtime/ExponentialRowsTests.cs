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

    /// <summary>Over a large vocabulary the rows are split between threads (20 × 10,000 logits, as a PTB step): the loss
    /// and the adjoint are the same bits on one thread and on two, and follow the formula.</summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Cross_entropy_over_a_large_vocabulary_is_the_same_on_one_thread_and_two(DType dtype)
    {
        const int rows = 20, cols = 10_000;
        Assert.True((long)rows * cols >= RowParallel.MinElements, "large enough to be split");
        var logits = Init.Uniform(new Rng(21), dtype, -6, 6, rows, cols);
        int[] targets = [.. Enumerable.Range(0, rows).Select(r => (r * 7919) % cols)];
        var start = Init.Uniform(new Rng(22), dtype, -1, 1, rows, cols);
        (double Loss, double[] Adjoint) Run(int threads)
        {
            int before = KernelThreads.Max;
            KernelThreads.Max = threads;
            try
            {
                var d = start.Clone();
                double loss = Ops.CrossEntropy(logits, targets);
                Ops.CrossEntropyBackward(logits, targets, loss, 1.3, d);
                return (loss, d.ToDoubleArray());
            }
            finally
            {
                KernelThreads.Max = before;
            }
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Loss), BitConverter.DoubleToInt64Bits(two.Loss));
        Assert.True(one.Adjoint.AsSpan().SequenceEqual(two.Adjoint), "the adjoint differs between one and two threads");

        var all = logits.ToDoubleArray();
        var s = start.ToDoubleArray();
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            var p = SoftmaxOf(all[(r * cols)..((r + 1) * cols)]);
            expectedLoss -= Math.Log(p[targets[r]]) / rows;
            foreach (int i in new[] { 0, targets[r], cols - 1, (r * 31) % cols })
                Near(dtype, two.Adjoint[r * cols + i], s[r * cols + i] + 1.3 / rows * (p[i] - (i == targets[r] ? 1 : 0)), $"dlogits[{r},{i}]");
        }
        Near(dtype, two.Loss, expectedLoss, "loss");
    }
}
