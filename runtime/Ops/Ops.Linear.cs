namespace AutoGradRnn;

/// <summary>Matrix products, with the transposed variants their rules need.</summary>
public static partial class Ops
{
    /// <summary>W · x for a vector x [K] (result [M]), or one product per row of a batch X [B,K] (result [B,M]).</summary>
    [DerivativeRule(nameof(MatVecBackward), Formula = "dw += dyᵀ · x; dx += dy · w", Into = nameof(MatVec), Shape = "x[..-1], w[0]", RowWise = "x", TransposedProduct = "w: dy, x")]
    public static Tensor MatVec(Tensor w, Tensor x) => MatVec(w, x, null);

    /// <summary>W · x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor MatVec(Tensor w, Tensor x, Tensor? into)
    {
        Check.NotNull("MatVec", w, x);
        var (m, k, rows) = MatVecShape("MatVec", w, x);
        Check.NotAnInput("MatVec", into, w, x);
        var y = Tensor.Reuse(into, x.DType, x.Rank == 1 ? new Shape(m) : new Shape(rows, m), zero: true);
        if (x.DType == DType.Float32) Gemm.NT<float>(x.Span<float>(), w.Span<float>(), y.Span<float>(), rows, k, m);
        else Gemm.NT<double>(x.Span<double>(), w.Span<double>(), y.Span<double>(), rows, k, m);
        return y;
    }

    /// <summary>dW += dyᵀ · x (<see cref="Tensor.AddTransposedProduct(Tensor, Tensor)"/>), dx += dy · W.</summary>
    [RuleReads(nameof(w), nameof(x))]
    public static void MatVecBackward(Tensor w, Tensor x, Tensor y, Tensor dy, Tensor? dw, Tensor? dx)
    {
        Check.NotNull("MatVecBackward", w, x, y, dy);
        var (m, k, rows) = MatVecShape("MatVecBackward", w, x);
        Check.SameShape("MatVecBackward", y, dy);
        var result = x.Rank == 1 ? new Shape(m) : new Shape(rows, m);
        if (dy.Shape != result) throw new ShapeException("MatVecBackward", $"adjoint dy has shape {dy.Shape}; W {w.Shape} · x {x.Shape} has {result}.");
        Check.Adjoint("MatVecBackward", "dw", dw, w);
        Check.Adjoint("MatVecBackward", "dx", dx, x);
        dw?.AddTransposedProduct(dy, x, rows);
        if (dx is null) return;
        if (x.DType == DType.Float32) Gemm.NN<float>(dy.Span<float>(), w.Span<float>(), dx.Span<float>(), rows, m, k);
        else Gemm.NN<double>(dy.Span<double>(), w.Span<double>(), dx.Span<double>(), rows, m, k);
    }

    private static (int M, int K, int Rows) MatVecShape(string op, Tensor w, Tensor x)
    {
        Check.SameDType(op, w, x);
        Check.Rank(op, "the matrix", w, 2, 2);
        Check.Rank(op, "the vector (or batch of row vectors)", x, 1, 2);
        if (x.Shape.Last != w.Shape[1])
            throw new ShapeException(op, $"matrix {w.Shape} needs vectors of length {w.Shape[1]}; got {x.Shape}.");
        return (w.Shape[0], w.Shape[1], x.Shape.Rows);
    }

    /// <summary>A · B for A [M,K], B [K,N].</summary>
    [DerivativeRule(nameof(MatMulBackward), Formula = "da += dc · bᵀ; db += aᵀ · dc", Into = nameof(MatMul), Shape = "a[0], b[1]", RowWise = "a", TransposedProduct = "b: a, dc")]
    public static Tensor MatMul(Tensor a, Tensor b) => MatMul(a, b, null);

    /// <summary>A · B, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor MatMul(Tensor a, Tensor b, Tensor? into)
    {
        Check.NotNull("MatMul", a, b);
        var (m, k, n) = ProductShape("MatMul", a, b, transposeA: false, transposeB: false);
        var c = ProductResult("MatMul", a, b, m, n, into);
        if (a.DType == DType.Float32) Gemm.NN<float>(a.Span<float>(), b.Span<float>(), c.Span<float>(), m, k, n);
        else Gemm.NN<double>(a.Span<double>(), b.Span<double>(), c.Span<double>(), m, k, n);
        return c;
    }

    /// <summary>dA += dC · Bᵀ, dB += Aᵀ · dC (<see cref="Tensor.AddTransposedProduct(Tensor, Tensor)"/>).</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void MatMulBackward(Tensor a, Tensor b, Tensor c, Tensor dc, Tensor? da, Tensor? db)
    {
        Check.NotNull("MatMulBackward", a, b, c, dc);
        var (m, k, n) = ProductShape("MatMulBackward", a, b, transposeA: false, transposeB: false);
        CheckProductAdjoints("MatMulBackward", a, b, m, n, c, dc, da, db);
        db?.AddTransposedProduct(a, dc, m);
        if (da is null) return;
        if (a.DType == DType.Float32) Gemm.NT<float>(dc.Span<float>(), b.Span<float>(), da.Span<float>(), m, n, k);
        else Gemm.NT<double>(dc.Span<double>(), b.Span<double>(), da.Span<double>(), m, n, k);
    }

    /// <summary>A · Bᵀ for A [M,K], B [N,K].</summary>
    [DerivativeRule(nameof(MatMulTransposeBBackward), Formula = "da += dc · b; db += dcᵀ · a", Into = nameof(MatMulTransposeB), Shape = "a[0], b[0]", RowWise = "a", TransposedProduct = "b: dc, a")]
    public static Tensor MatMulTransposeB(Tensor a, Tensor b) => MatMulTransposeB(a, b, null);

    /// <summary>A · Bᵀ, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor MatMulTransposeB(Tensor a, Tensor b, Tensor? into)
    {
        Check.NotNull("MatMulTransposeB", a, b);
        var (m, k, n) = ProductShape("MatMulTransposeB", a, b, transposeA: false, transposeB: true);
        var c = ProductResult("MatMulTransposeB", a, b, m, n, into);
        if (a.DType == DType.Float32) Gemm.NT<float>(a.Span<float>(), b.Span<float>(), c.Span<float>(), m, k, n);
        else Gemm.NT<double>(a.Span<double>(), b.Span<double>(), c.Span<double>(), m, k, n);
        return c;
    }

    /// <summary>dA += dC · B, dB += dCᵀ · A (<see cref="Tensor.AddTransposedProduct(Tensor, Tensor)"/>).</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void MatMulTransposeBBackward(Tensor a, Tensor b, Tensor c, Tensor dc, Tensor? da, Tensor? db)
    {
        Check.NotNull("MatMulTransposeBBackward", a, b, c, dc);
        var (m, k, n) = ProductShape("MatMulTransposeBBackward", a, b, transposeA: false, transposeB: true);
        CheckProductAdjoints("MatMulTransposeBBackward", a, b, m, n, c, dc, da, db);
        db?.AddTransposedProduct(dc, a, m);
        if (da is null) return;
        if (a.DType == DType.Float32) Gemm.NN<float>(dc.Span<float>(), b.Span<float>(), da.Span<float>(), m, n, k);
        else Gemm.NN<double>(dc.Span<double>(), b.Span<double>(), da.Span<double>(), m, n, k);
    }

    /// <summary>Aᵀ · B for A [K,M], B [K,N].</summary>
    [DerivativeRule(nameof(MatMulTransposeABackward), Formula = "da += b · dcᵀ; db += a · dc", Into = nameof(MatMulTransposeA), Shape = "a[1], b[1]")]
    public static Tensor MatMulTransposeA(Tensor a, Tensor b) => MatMulTransposeA(a, b, null);

    /// <summary>Aᵀ · B, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor MatMulTransposeA(Tensor a, Tensor b, Tensor? into)
    {
        Check.NotNull("MatMulTransposeA", a, b);
        var (m, k, n) = ProductShape("MatMulTransposeA", a, b, transposeA: true, transposeB: false);
        var c = ProductResult("MatMulTransposeA", a, b, m, n, into);
        if (a.DType == DType.Float32) Gemm.TN<float>(a.Span<float>(), b.Span<float>(), c.Span<float>(), m, k, n);
        else Gemm.TN<double>(a.Span<double>(), b.Span<double>(), c.Span<double>(), m, k, n);
        return c;
    }

    /// <summary>dA += B · dCᵀ, dB += A · dC.</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void MatMulTransposeABackward(Tensor a, Tensor b, Tensor c, Tensor dc, Tensor? da, Tensor? db)
    {
        Check.NotNull("MatMulTransposeABackward", a, b, c, dc);
        var (m, k, n) = ProductShape("MatMulTransposeABackward", a, b, transposeA: true, transposeB: false);
        CheckProductAdjoints("MatMulTransposeABackward", a, b, m, n, c, dc, da, db);
        if (a.DType == DType.Float32)
        {
            if (da is not null) Gemm.NT<float>(b.Span<float>(), dc.Span<float>(), da.Span<float>(), k, n, m);
            if (db is not null) Gemm.NN<float>(a.Span<float>(), dc.Span<float>(), db.Span<float>(), k, m, n);
        }
        else
        {
            if (da is not null) Gemm.NT<double>(b.Span<double>(), dc.Span<double>(), da.Span<double>(), k, n, m);
            if (db is not null) Gemm.NN<double>(a.Span<double>(), dc.Span<double>(), db.Span<double>(), k, m, n);
        }
    }

    /// <summary>a ⊗ b = a · bᵀ for vectors a [M], b [N]; result [M,N].</summary>
    [DerivativeRule(nameof(OuterBackward), Formula = "da += dc · b; db += dcᵀ · a", Into = nameof(Outer), Shape = "a[0], b[0]")]
    public static Tensor Outer(Tensor a, Tensor b) => Outer(a, b, null);

    /// <summary>a ⊗ b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Outer(Tensor a, Tensor b, Tensor? into)
    {
        Check.NotNull("Outer", a, b);
        CheckOuterOperands("Outer", a, b);
        var c = ProductResult("Outer", a, b, a.Length, b.Length, into);
        if (a.DType == DType.Float32) Gemm.NN<float>(a.Span<float>(), b.Span<float>(), c.Span<float>(), a.Length, 1, b.Length);
        else Gemm.NN<double>(a.Span<double>(), b.Span<double>(), c.Span<double>(), a.Length, 1, b.Length);
        return c;
    }

    /// <summary>da += dC · b, db += dCᵀ · a.</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void OuterBackward(Tensor a, Tensor b, Tensor c, Tensor dc, Tensor? da, Tensor? db)
    {
        Check.NotNull("OuterBackward", a, b, c, dc);
        CheckOuterOperands("OuterBackward", a, b);
        int m = a.Length, n = b.Length;
        CheckProductAdjoints("OuterBackward", a, b, m, n, c, dc, da, db);
        if (a.DType == DType.Float32)
        {
            if (da is not null) Gemm.NN<float>(dc.Span<float>(), b.Span<float>(), da.Span<float>(), m, n, 1);
            if (db is not null) Gemm.TN<float>(dc.Span<float>(), a.Span<float>(), db.Span<float>(), n, m, 1);
        }
        else
        {
            if (da is not null) Gemm.NN<double>(dc.Span<double>(), b.Span<double>(), da.Span<double>(), m, n, 1);
            if (db is not null) Gemm.TN<double>(dc.Span<double>(), a.Span<double>(), db.Span<double>(), n, m, 1);
        }
    }

    private static (int M, int K, int N) ProductShape(string op, Tensor a, Tensor b, bool transposeA, bool transposeB)
    {
        Check.SameDType(op, a, b);
        Check.Rank(op, "a", a, 2, 2);
        Check.Rank(op, "b", b, 2, 2);
        int m = a.Shape[transposeA ? 1 : 0], ka = a.Shape[transposeA ? 0 : 1];
        int kb = b.Shape[transposeB ? 1 : 0], n = b.Shape[transposeB ? 0 : 1];
        if (ka != kb) throw new ShapeException(op, $"inner dimensions differ: a is {a.Shape}, b is {b.Shape}.");
        return (m, ka, n);
    }

    /// <summary>The [m, n] destination of a product, zeroed because the Gemm kernels accumulate.</summary>
    private static Tensor ProductResult(string op, Tensor a, Tensor b, int m, int n, Tensor? into)
    {
        Check.NotAnInput(op, into, a, b);
        return Tensor.Reuse(into, a.DType, new Shape(m, n), zero: true);
    }

    private static void CheckOuterOperands(string op, Tensor a, Tensor b)
    {
        Check.SameDType(op, a, b);
        Check.Rank(op, "a", a, 1, 1);
        Check.Rank(op, "b", b, 1, 1);
    }

    /// <summary>The rule's checks: the product's adjoint is [m, n] like the product, each input's adjoint like the input.</summary>
    private static void CheckProductAdjoints(string op, Tensor a, Tensor b, int m, int n, Tensor c, Tensor dc, Tensor? da, Tensor? db)
    {
        Check.SameShape(op, c, dc);
        if (dc.Shape != new Shape(m, n)) throw new ShapeException(op, $"adjoint of the product has shape {dc.Shape}; a {a.Shape} and b {b.Shape} give [{m}, {n}].");
        Check.Adjoint(op, "da", da, a);
        Check.Adjoint(op, "db", db, b);
    }
}
