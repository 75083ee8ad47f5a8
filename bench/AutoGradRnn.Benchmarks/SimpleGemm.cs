using System.Numerics.Tensors;

namespace AutoGradRnn.Benchmarks;

/// <summary>
/// The runtime's first matrix kernels (before the blocked ones), kept here only as a baseline to measure against in
/// the same session: every product as vectorised row operations, axpy and dot from TensorPrimitives.
/// </summary>
public static class SimpleGemm
{
    /// <summary>C[m,n] += A[m,k] · B[k,n].</summary>
    public static void NN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[i * k + p], ci, ci);
        }
    }

    /// <summary>C[m,n] += A[m,k] · B[n,k]ᵀ.</summary>
    public static void NT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            for (int j = 0; j < n; j++) c[i * n + j] += TensorPrimitives.Dot(ai, b.Slice(j * k, k));
        }
    }

    /// <summary>C[m,n] += A[k,m]ᵀ · B[k,n].</summary>
    public static void TN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
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
