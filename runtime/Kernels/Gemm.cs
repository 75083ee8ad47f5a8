using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>
/// Matrix-multiply kernels on contiguous row-major storage. Every kernel accumulates: C += op(A)·op(B).
/// Written as vectorised row operations (axpy and dot from TensorPrimitives); simple and correct, the
/// blocked kernel comes with the speed work. No kernel skips a zero entry of A: 0 · NaN and 0 · ∞ are NaN,
/// and a NaN or infinity in B must reach C as it would through a plain triple loop.
/// </summary>
internal static class Gemm
{
    /// <summary>C[m,n] += A[m,k] · B[k,n].</summary>
    public static void NN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[i * k + p], ci, ci);
            }
        }
    }

    /// <summary>C[m,n] += A[m,k] · B[n,k]ᵀ.</summary>
    public static void NT<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            for (int j = 0; j < n; j++) c[i * n + j] += TensorPrimitives.Dot(ai, b.Slice(j * k, k));
        }
    }

    /// <summary>C[m,n] += A[k,m]ᵀ · B[k,n].</summary>
    public static void TN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                var ci = c.Slice(i * n, n);
                TensorPrimitives.MultiplyAdd(bp, a[p * m + i], ci, ci);
            }
        }
    }
}
