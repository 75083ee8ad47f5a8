namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// <see cref="WindowProduct"/>: the weight-gradient terms generated code collects over a window's steps and adds as one
/// product. Every collected row counts exactly once, whatever the capacity; a vector beside rows is repeated; the inputs
/// may change after a call; a warm window allocates nothing. And <see cref="Tensor.AddTransposedProduct(Tensor, Tensor)"/>
/// adds at once: a tensor holds no pending work.
/// </summary>
public class WindowProductTests
{
    /// <summary>dW += Σ Lₜᵀ·Rₜ from a triple loop in double, for factors of the given rows (0: vectors).</summary>
    private static void AddReference(double[] expected, Tensor l, Tensor r, int p, int q)
    {
        int lRows = l.Rank == 1 ? 1 : l.Shape[0], rRows = r.Rank == 1 ? 1 : r.Shape[0], rows = Math.Max(lRows, rRows);
        var (lv, rv) = (l.ToDoubleArray(), r.ToDoubleArray());
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < p; i++)
                for (int j = 0; j < q; j++)
                    expected[i * q + j] += lv[(lRows == 1 ? 0 : row) * p + i] * rv[(rRows == 1 ? 0 : row) * q + j];
    }

    private static void Near(DType dtype, double[] got, double[] expected)
    {
        double tolerance = dtype == DType.Float32 ? 1e-4 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(got[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"[{i}]: {got[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(DType.Float32, 1, 40, 30)]  // batch 1: capacity ⌈1200/70⌉ = 18 rows, so 25 rows are added in two products
    [InlineData(DType.Float64, 1, 40, 30)]
    [InlineData(DType.Float32, 4, 64, 48)]  // capacity 28 rows: 7 steps of 4
    [InlineData(DType.Float64, 7, 9, 5)]    // capacity ⌈45/14⌉ = 4 < 7 rows: every call is a product of its own
    public void Every_row_collected_is_added_once(DType dtype, int rows, int p, int q)
    {
        var rng = new Rng(3);
        var dw = Init.Uniform(rng, dtype, -1, 1, p, q);
        var start = dw.ToDoubleArray();
        var expected = (double[])start.Clone();
        var product = new WindowProduct();
        for (int t = 0; t < 25; t++)
        {
            var dy = rows == 1 ? Init.Uniform(rng, dtype, -1, 1, p) : Init.Uniform(rng, dtype, -1, 1, rows, p);
            var x = rows == 1 ? Init.Uniform(rng, dtype, -1, 1, q) : Init.Uniform(rng, dtype, -1, 1, rows, q);
            product.Collect(dw, dy, x);
            AddReference(expected, dy, x, p, q);
            // The factors may change after the call: their rows were copied.
            dy.Fill(1e6);
            x.Fill(-1e6);
        }
        // The rows past the capacity were added on the way; those held wait for AddCollected.
        Assert.Equal(WindowProduct.CapacityFor(p, q), product.Capacity);
        Assert.InRange(product.Rows, 0, product.Capacity);
        product.AddCollected();
        Near(dtype, dw.ToDoubleArray(), expected);
        Assert.Equal(0, product.Rows);
        product.AddCollected();
        Near(dtype, dw.ToDoubleArray(), expected);
    }

    [Fact]
    public void Past_the_capacity_the_rows_held_are_added_first_and_the_sum_is_the_same()
    {
        // [p, q] = [2048, 2048]: the capacity is 1024 rows; 3 × 500 rows pass it once; one call of 1500 rows is a product of its own.
        var rng = new Rng(9);
        const int p = 2048, q = 2048;
        var dw = Tensor.Zeros(DType.Float64, p, q);
        var expected = new double[p * q];
        var product = new WindowProduct();
        for (int t = 0; t < 3; t++)
        {
            var l = Init.Uniform(rng, DType.Float64, -1, 1, 500, p);
            var r = Init.Uniform(rng, DType.Float64, -1, 1, 500, q);
            product.Collect(dw, l, r);
            AddReference(expected, l, r, p, q);
        }
        Assert.Equal(1024, product.Capacity);
        Assert.InRange(product.Rows, 1, product.Capacity);
        var big = Init.Uniform(rng, DType.Float64, -1, 1, 1500, p);
        var bigR = Init.Uniform(rng, DType.Float64, -1, 1, 1500, q);
        product.Collect(dw, big, bigR);
        AddReference(expected, big, bigR, p, q);
        product.AddCollected();
        Near(DType.Float64, dw.ToDoubleArray(), expected);
    }

    [Fact]
    public void A_vector_beside_rows_is_that_row_repeated()
    {
        var rng = new Rng(5);
        var dw = Tensor.Zeros(DType.Float64, 6, 4);
        var expected = new double[24];
        var product = new WindowProduct();
        var (dy, x) = (Init.Uniform(rng, DType.Float64, -1, 1, 3, 6), Init.Uniform(rng, DType.Float64, -1, 1, 4));
        var (l, r) = (Init.Uniform(rng, DType.Float64, -1, 1, 6), Init.Uniform(rng, DType.Float64, -1, 1, 2, 4));
        product.Collect(dw, dy, x);
        product.Collect(dw, l, r);
        AddReference(expected, dy, x, 6, 4);
        AddReference(expected, l, r, 6, 4);
        Assert.Equal(3, product.Capacity); // ⌈24/10⌉: the five rows pass it once
        product.AddCollected();
        Near(DType.Float64, dw.ToDoubleArray(), expected);
    }

    [Fact]
    public void Rows_for_another_destination_are_added_to_theirs_first()
    {
        var rng = new Rng(6);
        var (a, b) = (Tensor.Zeros(DType.Float64, 3, 2), Tensor.Zeros(DType.Float64, 3, 2));
        var (ea, eb) = (new double[6], new double[6]);
        var product = new WindowProduct();
        var (l1, r1) = (Init.Uniform(rng, DType.Float64, -1, 1, 3), Init.Uniform(rng, DType.Float64, -1, 1, 2));
        var (l2, r2) = (Init.Uniform(rng, DType.Float64, -1, 1, 3), Init.Uniform(rng, DType.Float64, -1, 1, 2));
        product.Collect(a, l1, r1);
        product.Collect(b, l2, r2);
        AddReference(ea, l1, r1, 3, 2);
        AddReference(eb, l2, r2, 3, 2);
        Near(DType.Float64, a.ToDoubleArray(), ea);
        Assert.Equal(new double[6], b.ToDoubleArray());
        product.AddCollected();
        Near(DType.Float64, b.ToDoubleArray(), eb);
    }

    [Fact]
    public void No_destination_collects_nothing()
    {
        var product = new WindowProduct();
        product.Collect(null, Tensor.Zeros(DType.Float32, 3), Tensor.Zeros(DType.Float32, 4));
        Assert.Equal(0, product.Rows);
        product.AddCollected();
    }

    [Fact]
    public void Within_the_capacity_nothing_is_added_before_AddCollected()
    {
        var rng = new Rng(8);
        var dw = Init.Uniform(rng, DType.Float64, -1, 1, 64, 32);
        var start = dw.ToDoubleArray();
        var product = new WindowProduct();
        for (int t = 0; t < 5; t++) product.Collect(dw, Init.Uniform(rng, DType.Float64, -1, 1, 2, 64), Init.Uniform(rng, DType.Float64, -1, 1, 2, 32));
        Assert.Equal(10, product.Rows);
        Assert.Equal(start, dw.ToDoubleArray());
        product.AddCollected();
        Assert.NotEqual(start, dw.ToDoubleArray());
    }

    [Fact]
    public void A_warm_window_allocates_nothing()
    {
        var rng = new Rng(7);
        var dw = Tensor.Zeros(DType.Float32, 64, 32);
        var dy = Init.Uniform(rng, DType.Float32, -1, 1, 4, 64);
        var x = Init.Uniform(rng, DType.Float32, -1, 1, 4, 32);
        var product = new WindowProduct();
        void Window()
        {
            for (int t = 0; t < 25; t++) product.Collect(dw, dy, x);
            product.AddCollected();
        }
        Window();
        Assert.Equal(0, AllocationTests.AllocatedByWarm(Window));
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 2, 5 }, new[] { 4, 5 }, "must be [rows, 4] and [rows, 5]")]
    [InlineData(new[] { 3, 4 }, new[] { 3, 6 }, new[] { 4, 5 }, "must be [rows, 4] and [rows, 5]")]
    [InlineData(new[] { 3, 4 }, new[] { 3, 5 }, new[] { 4, 5, 1 }, "the destination must be a matrix")]
    public void Mismatched_shapes_name_what_was_expected(int[] l, int[] r, int[] c, string expected)
    {
        var product = new WindowProduct();
        var error = Assert.Throws<ShapeException>(() => product.Collect(Tensor.Zeros(DType.Float32, c), Tensor.Zeros(DType.Float32, l), Tensor.Zeros(DType.Float32, r)));
        Assert.Contains(expected, error.Message);
        Assert.Contains("WindowProduct.Collect", error.Message);
        var mixed = Assert.Throws<ShapeException>(() => product.Collect(Tensor.Zeros(DType.Float64, 4, 5), Tensor.Zeros(DType.Float32, 4), Tensor.Zeros(DType.Float32, 5)));
        Assert.Contains("element types differ", mixed.Message);
    }

    [Fact]
    public void A_tensor_adds_a_transposed_product_at_once()
    {
        var c = Tensor.Zeros(DType.Float64, 2, 3);
        c.AddTransposedProduct(Tensor.FromArray([1.0, 2], 2), Tensor.FromArray([3.0, 4, 5], 3));
        Assert.Equal([3.0, 4, 5, 6, 8, 10], c.Span<double>().ToArray());
        var error = Assert.Throws<ShapeException>(() => Tensor.Zeros(DType.Float32, 4, 5).AddTransposedProduct(Tensor.Zeros(DType.Float32, 3, 4), Tensor.Zeros(DType.Float32, 2, 5)));
        Assert.Contains("must be [rows, 4] and [rows, 5]", error.Message);
    }

    [Fact]
    public void MatVec_and_MatMul_rules_add_their_weight_gradients_at_once()
    {
        var rng = new Rng(5);
        var a = Init.Uniform(rng, DType.Float64, -1, 1, 3, 20);
        var b = Init.Uniform(rng, DType.Float64, -1, 1, 20, 16);
        var bt = Init.Uniform(rng, DType.Float64, -1, 1, 16, 20);
        var dc = Init.Uniform(rng, DType.Float64, -1, 1, 3, 16);
        var (db, dbt, dw) = (Tensor.ZerosLike(b), Tensor.ZerosLike(bt), Tensor.ZerosLike(bt));
        Ops.MatMulBackward(a, b, Ops.MatMul(a, b), dc, null, db);
        Ops.MatMulTransposeBBackward(a, bt, Ops.MatMulTransposeB(a, bt), dc, null, dbt);
        Ops.MatVecBackward(bt, a, Ops.MatVec(bt, a), dc, dw, null);
        var (sb, sbt, sw) = (db.Span<double>().ToArray(), dbt.Span<double>().ToArray(), dw.Span<double>().ToArray());
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                double e = 0;
                for (int r = 0; r < 3; r++) e += a[r, i] * dc[r, j];
                Assert.Equal(e, sb[i * 16 + j], 12);
                Assert.Equal(e, sbt[j * 20 + i], 12);
                Assert.Equal(e, sw[j * 20 + i], 12);
            }
        }
    }
}
