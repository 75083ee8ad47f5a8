namespace AutoGradRnn;

/// <summary>The affine map W·x + b as one primitive: what <c>MatVec(w, x) + b</c> computes, bit for bit, with the sum
/// written over the product in place, and (backward) without the product's own adjoint to zero and fill.</summary>
public static partial class Ops
{
    /// <summary>W·x + b: <c>MatVec(w, x) + b</c> in one pass over the result. b is broadcast as <see cref="Add(Tensor, Tensor)"/>
    /// broadcasts: the product's shape, a vector over its rows, or rows the product (of one vector x) is added to.</summary>
    [DerivativeRule(nameof(AffineBackward), Formula = "dw += dyᵀ · x; dx += dy · w; db += dy", Into = nameof(Affine), Shape = "x[..-1], w[0]", RowWise = "x, b", TransposedProduct = "w: dy, x")]
    public static Tensor Affine(Tensor w, Tensor x, Tensor b) => Affine(w, x, b, null);

    /// <summary>W·x + b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Affine(Tensor w, Tensor x, Tensor b, Tensor? into)
    {
        Check.NotNull("Affine", w, x, b);
        var (m, k, rows) = MatVecShape("Affine", w, x);
        Check.SameDType("Affine", w, b);
        Check.NotAnInput("Affine", into, w, x);
        Check.NotAnInput("Affine", into, b);
        var product = x.Rank == 1 ? new Shape(m) : new Shape(rows, m);
        var layout = RowBroadcast.Of("Affine", product, b.Shape);
        var y = Tensor.Reuse(into, x.DType, layout.Result, zero: false);
        if (x.DType == DType.Float32) AffineForward<float>(w, x, b, y, layout, m, k, rows);
        else AffineForward<double>(w, x, b, y, layout, m, k, rows);
        return y;
    }

    /// <summary>dW += dyᵀ · x, dx += dy · W (summed over b's rows when b has rows x has not), db += dy (summed over the rows
    /// a vector b was repeated on).</summary>
    [RuleReads(nameof(w), nameof(x))]
    public static void AffineBackward(Tensor w, Tensor x, Tensor b, Tensor y, Tensor dy, Tensor? dw, Tensor? dx, Tensor? db)
    {
        Check.NotNull("AffineBackward", w, x, b, y, dy);
        var (m, k, rows) = MatVecShape("AffineBackward", w, x);
        var product = x.Rank == 1 ? new Shape(m) : new Shape(rows, m);
        var layout = RowBroadcast.Of("AffineBackward", product, b.Shape);
        Check.SameShape("AffineBackward", y, dy);
        if (dy.Shape != layout.Result) throw new ShapeException("AffineBackward", $"adjoint dy has shape {dy.Shape}; W {w.Shape} · x {x.Shape} + b {b.Shape} has {layout.Result}.");
        Check.Adjoint("AffineBackward", "dw", dw, w);
        Check.Adjoint("AffineBackward", "dx", dx, x);
        Check.Adjoint("AffineBackward", "db", db, b);
        if (db is not null) AddBackward(dy, b, dy, dy, null, db);
        if (!layout.ARepeated)
        {
            // dy is the product's adjoint itself.
            MatVecBackward(w, x, dy, dy, dw, dx);
            return;
        }
        // One vector x added to each row of b: the product's adjoint is the sum of dy's rows, taken row by row.
        int n = layout.Rows;
        for (int r = 0; r < n; r++)
        {
            if (x.DType == DType.Float32) AffineRowBackward<float>(w, x, dy, dw, dx, r, m, k);
            else AffineRowBackward<double>(w, x, dy, dw, dx, r, m, k);
        }
    }

    /// <summary>The product from zero, then b added in place: the same operations, in the same order, as <c>MatVec</c> then
    /// <c>Add</c>, so the same bits (a fused primitive must compute what its composition computes).</summary>
    private static void AffineForward<T>(Tensor w, Tensor x, Tensor b, Tensor y, RowBroadcast layout, int m, int k, int rows)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var ys = y.Span<T>();
        var bs = b.Span<T>();
        ys.Clear();
        if (!layout.ARepeated)
        {
            Gemm.NT<T>(x.Span<T>(), w.Span<T>(), ys, rows, k, m);
            if (!layout.BRepeated) System.Numerics.Tensors.TensorPrimitives.Add<T>(ys, bs, ys);
            else for (int r = 0; r < layout.Rows; r++) System.Numerics.Tensors.TensorPrimitives.Add<T>(ys.Slice(r * m, m), bs, ys.Slice(r * m, m));
            return;
        }
        for (int r = 0; r < layout.Rows; r++)
        {
            var row = ys.Slice(r * m, m);
            Gemm.NT<T>(x.Span<T>(), w.Span<T>(), row, 1, k, m);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(row, bs.Slice(r * m, m), row);
        }
    }

    private static void AffineRowBackward<T>(Tensor w, Tensor x, Tensor dy, Tensor? dw, Tensor? dx, int r, int m, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var row = dy.Span<T>().Slice(r * m, m);
        if (dw is not null) Gemm.TN<T>(row, x.Span<T>(), dw.Span<T>(), m, 1, k);
        if (dx is not null) Gemm.NN<T>(row, w.Span<T>(), dx.Span<T>(), 1, m, k);
    }
}
