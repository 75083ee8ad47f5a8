namespace AutoGradRnn;

/// <summary>
/// Deferred weight-gradient products. A rule that adds <c>Lᵀ·R</c> to an adjoint (MatVec's dW += dyᵀ·x, MatMul's
/// dB += Aᵀ·dC) calls <see cref="AddTransposedProduct(Tensor, Tensor)"/>, which keeps a copy of the rows instead of updating the
/// matrix; the tensor adds everything it keeps, as one product, before its storage is next read or written through
/// any member. In a time loop this turns T small updates of the whole gradient (rank-1 updates at batch 1) into one
/// cache-blocked product per window, with no change to the generated code. Values are those of the immediate update
/// up to the order of the float additions.
/// </summary>
public sealed partial class Tensor
{
    private PendingProduct? _pending;

    /// <summary>
    /// this [p, q] += Lᵀ·R for L [rows, p] and R [rows, q] (vectors [p] and [q]: one row): the weight-gradient update of a
    /// row-wise product (dW += dyᵀ·x). The product may wait until this tensor's storage is next read or written; its rows
    /// are copied, so <paramref name="l"/> and <paramref name="r"/> may change afterwards. A custom rule for a primitive
    /// with a weight matrix gets the same one-product-per-window behaviour by calling this. A span of this tensor taken
    /// before the call does not see the product: take spans after it.
    /// </summary>
    /// <exception cref="ShapeException">This is not a matrix, or the shapes or element types do not match.</exception>
    public void AddTransposedProduct(Tensor l, Tensor r)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(r);
        const string op = "Tensor.AddTransposedProduct";
        if (Rank != 2) throw new ShapeException(op, $"the destination must be a matrix [p, q]; got {Shape}.");
        if (l.DType != DType || r.DType != DType) throw new ShapeException(op, $"element types differ: destination {DType}, L {l.DType}, R {r.DType}.");
        int rows = l.Rank == 1 ? 1 : l.Shape[0];
        bool fits = l.Rank is 1 or 2 && r.Rank == l.Rank && l.Shape.Last == Shape[0] && r.Shape.Last == Shape[1] && (r.Rank == 1 || r.Shape[0] == rows);
        if (!fits) throw new ShapeException(op, $"L {l.Shape} and R {r.Shape} must be [rows, {Shape[0]}] and [rows, {Shape[1]}] (or vectors) for a destination {Shape}.");
        AddTransposedProduct(l, r, rows);
    }

    /// <summary><see cref="AddTransposedProduct(Tensor, Tensor)"/> for arguments the caller has checked.</summary>
    internal void AddTransposedProduct(Tensor l, Tensor r, int rows)
    {
        int p = Shape[0], q = Shape[1];
        if (rows > PendingProduct.CapacityFor(p, q))
        {
            // Already a product over many rows: nothing to gain from waiting.
            if (DType == DType.Float32) Gemm.TN<float>(l.Span<float>(), r.Span<float>(), Span<float>(), p, rows, q);
            else Gemm.TN<double>(l.Span<double>(), r.Span<double>(), Span<double>(), p, rows, q);
            return;
        }
        _pending ??= new PendingProduct(DType, p, q);
        if (!_pending.Fits(rows)) Settle();
        _pending.Add(l, r, rows);
    }

    /// <summary>The number of rows waiting to be added (for tests).</summary>
    internal int PendingRows => _pending?.Rows ?? 0;

    /// <summary>Adds what is pending to the storage.</summary>
    private void Settle()
    {
        if (_pending is not { Rows: > 0 } pending) return;
        if (_f is not null) pending.AddTo<float>(_f);
        else pending.AddTo<double>(_d!);
    }

    /// <summary>Forgets what is pending: the whole storage is about to be overwritten.</summary>
    private void DropPending() => _pending?.Clear();
}
