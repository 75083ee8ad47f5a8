using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoGradRnn;

/// <summary>
/// A sum of products Σ Lᵢᵀ·Rᵢ waiting to be added to a matrix C [p, q]: the rows of every Lᵢ [rows, p] and Rᵢ [rows, q]
/// are copied in, one under the other, and <see cref="AddTo{T}"/> adds them as one product over all rows. A weight
/// gradient that a time loop would update once per step (dW += dyᵀ·x, a read-modify-write of all of dW; a rank-1 update
/// at batch 1) becomes one cache-blocked product per window, or per <see cref="Capacity"/> rows. See
/// <see cref="Tensor.AddTransposedProduct(Tensor, Tensor)"/>.
/// </summary>
/// <remarks>
/// The capacity is about as many rows as make up C's own size (p·q / (p + q) rows, so the held rows take about as much
/// memory as C), at most <see cref="MaxElements"/>: the product that settles them has at least that many rows (an
/// efficient product), and the buffers are allocated once, on the first deferral, so a warm training step allocates
/// nothing however often its gradient is read.
/// </remarks>
internal sealed class PendingProduct
{
    /// <summary>The most elements (rows × (p + q)) held: 16 MiB of float32.</summary>
    public const long MaxElements = 4L << 20;

    private readonly int _p, _q;
    private float[]? _lf, _rf;
    private double[]? _ld, _rd;

    public PendingProduct(DType dtype, int p, int q)
    {
        DType = dtype;
        _p = p;
        _q = q;
        Capacity = CapacityFor(p, q);
    }

    public DType DType { get; }

    /// <summary>The most rows held.</summary>
    public int Capacity { get; }

    /// <summary>The rows held.</summary>
    public int Rows { get; private set; }

    /// <summary>The capacity in rows for C [p, q]: ⌈p·q / (p + q)⌉, at least 1, at most <see cref="MaxElements"/> / (p + q).</summary>
    public static int CapacityFor(int p, int q) =>
        (int)Math.Clamp(((long)p * q + p + q - 1) / Math.Max(1, p + q), 1, Math.Max(1, MaxElements / Math.Max(1, p + q)));

    /// <summary>Whether <paramref name="rows"/> more rows fit beside those held.</summary>
    public bool Fits(int rows) => Rows + rows <= Capacity;

    /// <summary>Copies the rows of <paramref name="l"/> [rows, p] and <paramref name="r"/> [rows, q] (rank 1: one row) in;
    /// they must fit (<see cref="Fits"/>).</summary>
    public void Add(Tensor l, Tensor r, int rows)
    {
        if (DType == DType.Float32) Add(l.Span<float>(), r.Span<float>(), rows, ref _lf, ref _rf);
        else Add(l.Span<double>(), r.Span<double>(), rows, ref _ld, ref _rd);
    }

    private void Add<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> r, int rows, ref T[]? lRows, ref T[]? rRows)
    {
        lRows ??= new T[(long)Capacity * _p];
        rRows ??= new T[(long)Capacity * _q];
        l.CopyTo(lRows.AsSpan(Rows * _p, rows * _p));
        r.CopyTo(rRows.AsSpan(Rows * _q, rows * _q));
        Rows += rows;
    }

    /// <summary>C [p, q] += Lᵀ·R over every row held; then holds none.</summary>
    public void AddTo<T>(Span<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Rows == 0) return;
        if (typeof(T) == typeof(float)) Gemm.TN<float>(_lf.AsSpan(0, Rows * _p), _rf.AsSpan(0, Rows * _q), MemoryMarshal.Cast<T, float>(c), _p, Rows, _q);
        else Gemm.TN<double>(_ld.AsSpan(0, Rows * _p), _rd.AsSpan(0, Rows * _q), MemoryMarshal.Cast<T, double>(c), _p, Rows, _q);
        Rows = 0;
    }

    /// <summary>Forgets the rows held (the matrix is being overwritten).</summary>
    public void Clear() => Rows = 0;
}
