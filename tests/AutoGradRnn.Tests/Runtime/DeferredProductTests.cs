namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// Deferred weight-gradient products (<see cref="Tensor.AddTransposedProduct"/>): MatVec's and MatMul's weight gradients
/// keep their rows and the gradient adds them as one product before its storage is next used. Every way of reading or
/// writing the storage sees the sum; overwriting it forgets the rows; the buffers are allocated once.
/// </summary>
public class DeferredProductTests
{
    /// <summary>T MatVec backward calls into one dW, with the expected dW += Σ dyᵀ·x from a triple loop in double.</summary>
    private static (Tensor Dw, double[] Expected, double[] Start) Accumulate(DType dtype, int steps, int rows, int m, int k)
    {
        var rng = new Rng(3);
        var w = Init.Uniform(rng, dtype, -1, 1, m, k);
        var dw = Init.Uniform(rng, dtype, -1, 1, m, k);
        var start = dw.ToDoubleArray();
        var expected = (double[])start.Clone();
        for (int t = 0; t < steps; t++)
        {
            var x = rows == 1 ? Init.Uniform(rng, dtype, -1, 1, k) : Init.Uniform(rng, dtype, -1, 1, rows, k);
            var dy = rows == 1 ? Init.Uniform(rng, dtype, -1, 1, m) : Init.Uniform(rng, dtype, -1, 1, rows, m);
            var y = Ops.MatVec(w, x);
            Ops.MatVecBackward(w, x, y, dy, dw, null);
            var (xv, dyv) = (x.ToDoubleArray(), dy.ToDoubleArray());
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < k; j++)
                        expected[i * k + j] += dyv[r * m + i] * xv[r * k + j];
            // The inputs may change after the call: the rows were copied.
            x.Fill(1e6);
            dy.Fill(-1e6);
        }
        return (dw, expected, start);
    }

    private static void Near(DType dtype, double[] got, double[] expected)
    {
        double tolerance = dtype == DType.Float32 ? 1e-4 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(got[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"[{i}]: {got[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(DType.Float32, 1, 40, 30)]  // batch 1: rank-1 updates, capacity ⌈1200/70⌉ = 18 rows, so it settles on the way
    [InlineData(DType.Float64, 1, 40, 30)]
    [InlineData(DType.Float32, 4, 64, 48)]
    [InlineData(DType.Float64, 7, 9, 5)]     // capacity ⌈45/14⌉ = 4 < 7 rows: every call is applied at once
    public void Every_reader_sees_the_sum_of_every_call(DType dtype, int rows, int m, int k)
    {
        var (dw, expected, _) = Accumulate(dtype, 25, rows, m, k);
        Near(dtype, dw.ToDoubleArray(), expected);
        Assert.Equal(0, dw.PendingRows);
    }

    [Fact]
    public void The_rows_wait_until_the_storage_is_used_and_each_accessor_settles_them()
    {
        var readers = new (string Name, Func<Tensor, double[]> Read)[]
        {
            ("Span", t => t.Span<double>().ToArray().Select(v => v).ToArray()),
            ("Doubles", t => t.Doubles.ToArray()),
            ("GetAt", t => Enumerable.Range(0, t.Length).Select(t.GetAt).ToArray()),
            ("indexer", t => Enumerable.Range(0, t.Length).Select(i => t[i / t.Shape[1], i % t.Shape[1]]).ToArray()),
            ("Clone", t => t.Clone().ToDoubleArray()),
            ("CopyFrom source", t => { var c = Tensor.ZerosLike(t); c.CopyFrom(t); return c.ToDoubleArray(); }),
            ("To float32", t => t.ToFloat32().ToDoubleArray()),
        };
        foreach (var (name, read) in readers)
        {
            var (dw, expected, _) = Accumulate(DType.Float64, 3, 2, 40, 30);
            Assert.True(dw.PendingRows == 6, $"{name}: 3 calls of 2 rows wait, {dw.PendingRows} pending");
            var got = read(dw);
            double tolerance = name == "To float32" ? 1e-5 : 1e-12;
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(got[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{name} [{i}]: {got[i]} vs {expected[i]}");
            Assert.Equal(0, dw.PendingRows);
        }
    }

    [Fact]
    public void A_write_of_one_element_lands_after_the_rows()
    {
        var (dw, expected, _) = Accumulate(DType.Float64, 3, 2, 40, 30);
        dw.SetAt(5, 42);
        expected[5] = 42;
        Near(DType.Float64, dw.ToDoubleArray(), expected);
    }

    [Fact]
    public void Zero_fill_and_copy_into_forget_the_rows()
    {
        var (zeroed, _, _) = Accumulate(DType.Float32, 3, 2, 40, 30);
        zeroed.Zero();
        Assert.All(zeroed.ToDoubleArray(), v => Assert.Equal(0, v));

        var (filled, _, _) = Accumulate(DType.Float32, 3, 2, 40, 30);
        filled.Fill(2);
        Assert.All(filled.ToDoubleArray(), v => Assert.Equal(2, v));

        var (overwritten, _, _) = Accumulate(DType.Float32, 3, 2, 40, 30);
        var source = Init.Uniform(new Rng(8), DType.Float32, -1, 1, 40, 30);
        overwritten.CopyFrom(source);
        Assert.Equal(source.ToDoubleArray(), overwritten.ToDoubleArray());
    }

    [Fact]
    public void Gradients_zeroed_between_windows_accumulate_each_window_alone()
    {
        var rng = new Rng(4);
        var w = Init.Uniform(rng, DType.Float64, -1, 1, 12, 6);
        var dw = Tensor.ZerosLike(w);
        for (int window = 0; window < 3; window++)
        {
            dw.Zero();
            var x = Init.Uniform(rng, DType.Float64, -1, 1, 6);
            var dy = Init.Uniform(rng, DType.Float64, -1, 1, 12);
            Ops.MatVecBackward(w, x, Ops.MatVec(w, x), dy, dw, null);
            Assert.Equal(dy[3] * x[2], dw[3, 2], 12);
        }
    }

    [Fact]
    public void MatMul_weight_gradients_are_deferred_too()
    {
        var rng = new Rng(5);
        var a = Init.Uniform(rng, DType.Float64, -1, 1, 3, 20);
        var b = Init.Uniform(rng, DType.Float64, -1, 1, 20, 16);
        var bt = Init.Uniform(rng, DType.Float64, -1, 1, 16, 20);
        var dc = Init.Uniform(rng, DType.Float64, -1, 1, 3, 16);
        var db = Tensor.ZerosLike(b);
        var dbt = Tensor.ZerosLike(bt);
        Ops.MatMulBackward(a, b, Ops.MatMul(a, b), dc, null, db);
        Ops.MatMulTransposeBBackward(a, bt, Ops.MatMulTransposeB(a, bt), dc, null, dbt);
        Assert.Equal(3, db.PendingRows);
        Assert.Equal(3, dbt.PendingRows);
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                double e = 0;
                for (int r = 0; r < 3; r++) e += a[r, i] * dc[r, j];
                Assert.Equal(e, db[i, j], 12);
                Assert.Equal(e, dbt[j, i], 12);
            }
        }
    }

    [Fact]
    public void The_buffers_are_allocated_once_whatever_is_read()
    {
        var rng = new Rng(6);
        var w = Init.Uniform(rng, DType.Float32, -1, 1, 64, 32);
        var x = Init.Uniform(rng, DType.Float32, -1, 1, 32);
        var y = Ops.MatVec(w, x);
        var dy = Init.Uniform(rng, DType.Float32, -1, 1, 64);
        var dw = Tensor.ZerosLike(w);
        void Window(int steps, bool read)
        {
            for (int t = 0; t < steps; t++) Ops.MatVecBackward(w, x, y, dy, dw, null);
            if (read) _ = dw.Span<float>();
        }
        Window(25, read: true);
        // Never read: the rows settle whenever the buffer is full, without growing it.
        Assert.Equal(0, AllocationTests.AllocatedByWarm(() => Window(100, read: false)));
        Assert.Equal(0, AllocationTests.AllocatedByWarm(() => Window(25, read: true)));
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 5 }, new[] { 2, 4 }, "must be [rows, 2] and [rows, 4]")]
    [InlineData(new[] { 4 }, new[] { 3, 5 }, new[] { 4, 5 }, "must be [rows, 4] and [rows, 5]")]
    [InlineData(new[] { 3, 4 }, new[] { 3, 5 }, new[] { 4, 5, 1 }, "the destination must be a matrix")]
    public void Mismatched_shapes_name_what_was_expected(int[] l, int[] r, int[] c, string expected)
    {
        var error = Assert.Throws<ShapeException>(() => Tensor.Zeros(DType.Float32, c).AddTransposedProduct(Tensor.Zeros(DType.Float32, l), Tensor.Zeros(DType.Float32, r)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_public_form_adds_vectors_as_one_row()
    {
        var c = Tensor.Zeros(DType.Float64, 2, 3);
        c.AddTransposedProduct(Tensor.FromArray([1.0, 2], 2), Tensor.FromArray([3.0, 4, 5], 3));
        Assert.Equal([3.0, 4, 5, 6, 8, 10], c.ToDoubleArray());
    }
}
