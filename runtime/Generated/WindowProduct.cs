namespace AutoGradRnn;

/// <summary>
/// One weight gradient's transposed product over the steps of a window, added as one product. A time loop's backward
/// pass would update the gradient once per step (dW += dyₜᵀ·xₜ: a read-modify-write of all of dW, a rank-1 update at
/// batch 1); generated code instead collects each step's two factors here (<see cref="Collect"/>) and, after the
/// window's last step, adds them to the gradient as one cache-blocked product (<see cref="AddCollected"/>):
/// dW += [dy₁; …; dy_T]ᵀ·[x₁; …; x_T], or one per <see cref="Capacity"/> rows. The rows are copied, so a step's
/// buffers may change afterwards.
/// </summary>
/// <remarks>
/// A generated tape's scratch holds one for each weight whose gradient its loop collects: a primitive whose rule
/// declares the product (<c>[DerivativeRule(TransposedProduct = "w: dy, x")]</c>) called with a weight that stays the
/// same over the loop. It holds at most <see cref="Capacity"/> rows: about as many as make up the gradient's own size
/// (p·q / (p + q) rows for dW [p, q]), so the rows held take about as much memory as the gradient, whatever the window's
/// length, and each product is over enough rows to run at the matrix kernel's speed. A window longer than that adds its
/// rows in several such products. The buffers are allocated once, on the first collection, so a warm window allocates
/// nothing.
/// </remarks>
public sealed class WindowProduct
{
    /// <summary>The most elements (rows × (p + q)) held: 16 MiB of float32.</summary>
    public const long MaxElements = 4L << 20;

    private Tensor? _destination;
    private int _p, _q;
    private float[]? _lf, _rf;
    private double[]? _ld, _rd;

    /// <summary>The rows collected and not yet added.</summary>
    public int Rows { get; private set; }

    /// <summary>The most rows held for the current destination (see the remarks); 0 before the first collection.</summary>
    public int Capacity { get; private set; }

    /// <summary>The capacity in rows for a gradient [p, q]: ⌈p·q / (p + q)⌉, at least 1, at most <see cref="MaxElements"/> / (p + q).</summary>
    public static int CapacityFor(int p, int q) =>
        (int)Math.Clamp(((long)p * q + p + q - 1) / Math.Max(1, p + q), 1, Math.Max(1, MaxElements / Math.Max(1, p + q)));

    /// <summary>
    /// Collects destination [p, q] += Lᵀ·R for L [rows, p] and R [rows, q], to be added by <see cref="AddCollected"/>. A vector
    /// is one row; a vector beside a matrix of n rows is that row repeated n times (Σᵣ Lᵣᵀ·R). Nothing is collected when
    /// <paramref name="destination"/> is null (no gradient asked for). Rows collected for another destination are added
    /// to it first.
    /// </summary>
    /// <exception cref="ShapeException">The destination is not a matrix, or the shapes or element types do not match.</exception>
    public void Collect(Tensor? destination, Tensor left, Tensor right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (destination is null) return;
        const string op = "WindowProduct.Collect";
        if (destination.Rank != 2) throw new ShapeException(op, $"the destination must be a matrix [p, q]; got {destination.Shape}.");
        if (left.DType != destination.DType || right.DType != destination.DType)
            throw new ShapeException(op, $"element types differ: destination {destination.DType}, L {left.DType}, R {right.DType}.");
        int p = destination.Shape[0], q = destination.Shape[1];
        int lRows = left.Rank == 1 ? 1 : left.Shape[0], rRows = right.Rank == 1 ? 1 : right.Shape[0];
        bool fits = left.Rank is 1 or 2 && right.Rank is 1 or 2 && left.Shape.Last == p && right.Shape.Last == q
            && (lRows == rRows || left.Rank == 1 || right.Rank == 1);
        if (!fits) throw new ShapeException(op, $"L {left.Shape} and R {right.Shape} must be [rows, {p}] and [rows, {q}] (or vectors) for a destination {destination.Shape}.");
        if (!ReferenceEquals(destination, _destination))
        {
            AddCollected();
            (_destination, _p, _q, Capacity) = (destination, p, q, CapacityFor(p, q));
        }
        int rows = Math.Max(lRows, rRows);
        if (lRows == rRows && rows >= Capacity)
        {
            // Already a product over enough rows: nothing to gain from holding them.
            destination.AddTransposedProduct(left, right, rows);
            return;
        }
        for (int done = 0; done < rows;)
        {
            if (Rows == Capacity) AddCollected();
            int n = Math.Min(rows - done, Capacity - Rows);
            Hold(left, right, lRows, rRows, done, n);
            done += n;
        }
    }

    /// <summary>Adds every row collected to the gradient they were collected for, as one product (destination += Lᵀ·R over
    /// all of them); then holds none.</summary>
    public void AddCollected()
    {
        if (Rows == 0 || _destination is not { } destination) return;
        if (destination.DType == DType.Float32) Gemm.TN<float>(_lf.AsSpan(0, Rows * _p), _rf.AsSpan(0, Rows * _q), destination.Span<float>(), _p, Rows, _q);
        else Gemm.TN<double>(_ld.AsSpan(0, Rows * _p), _rd.AsSpan(0, Rows * _q), destination.Span<double>(), _p, Rows, _q);
        Rows = 0;
    }

    /// <summary>Forgets every row collected, adding nothing: what a forward pass does first, so that the rows of a backward
    /// pass cut short by an exception never reach the next window's gradient.</summary>
    public void Clear() => Rows = 0;

    /// <summary>Copies rows [from, from + count) of L and R in (a one-row side repeated).</summary>
    private void Hold(Tensor left, Tensor right, int lRows, int rRows, int from, int count)
    {
        if (left.DType == DType.Float32) Hold(left.Span<float>(), right.Span<float>(), lRows, rRows, from, count, ref _lf, ref _rf);
        else Hold(left.Span<double>(), right.Span<double>(), lRows, rRows, from, count, ref _ld, ref _rd);
    }

    private void Hold<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> r, int lRows, int rRows, int from, int count, ref T[]? lHeld, ref T[]? rHeld)
    {
        if (lHeld is null || lHeld.Length < Capacity * _p) lHeld = new T[Capacity * _p];
        if (rHeld is null || rHeld.Length < Capacity * _q) rHeld = new T[Capacity * _q];
        if (lRows == rRows)
        {
            l.Slice(from * _p, count * _p).CopyTo(lHeld.AsSpan(Rows * _p));
            r.Slice(from * _q, count * _q).CopyTo(rHeld.AsSpan(Rows * _q));
            Rows += count;
            return;
        }
        for (int i = 0; i < count; i++)
        {
            int row = from + i;
            l.Slice((lRows == 1 ? 0 : row) * _p, _p).CopyTo(lHeld.AsSpan((Rows + i) * _p, _p));
            r.Slice((rRows == 1 ? 0 : row) * _q, _q).CopyTo(rHeld.AsSpan((Rows + i) * _q, _q));
        }
        Rows += count;
    }
}
