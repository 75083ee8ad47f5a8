using System.Runtime.CompilerServices;

namespace AutoGradRnn;

/// <summary>
/// The NT product, C[m,n] += A[m,k]·B[n,k]ᵀ: every element is the dot product of a row of A and a row of B, both
/// contiguous, so nothing is packed: a register tile of 4 rows of A × 4 rows of B keeps 16 vector accumulators along k
/// (8 loads feed 16 FMAs), and the accumulators are summed across lanes once at the end. With one row of A (a
/// matrix-vector product, batch 1) the tile is 1 × 8 rows of B, reading B once.
/// </summary>
/// <remarks>
/// Every element is computed the same way in both tiles: lane l of its accumulator adds the products p ≡ l (mod the
/// vector width) in ascending p, the last partial vector through a masked load (zeros past k, never read), then the
/// lanes are summed in the fixed tree of <see cref="ISimd{T, TV}"/> and the sum is added to C. The result is therefore
/// bit-identical whatever the thread count, tile or batch row; it differs from a sequential sum only by that
/// order (a NaN or ∞ in an input reaches C as in a triple loop: no product is skipped).
/// </remarks>
internal static unsafe class GemmDot<T, TV, TS> where T : unmanaged where TV : struct where TS : ISimd<T, TV>
{
    /// <summary>C[i0..i1, j0..j1] += A·Bᵀ for the rows and columns of one part of the work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(T* a, T* b, T* c, int m, int k, int n, int i0, int i1, int j0, int j1)
    {
        if (i1 <= i0 || j1 <= j0 || k == 0) return;
        int w = TS.Count;
        int tail = k % w;
        TV mask = TS.FirstLanes(tail);
        T* scratch = stackalloc T[8];
        int iTiled = m >= 4 ? i0 + (i1 - i0) / 4 * 4 : i0;

        // Blocks of 4 rows of B stay in L1 while every 4-row tile of A passes over them.
        for (int j = j0; j < j1; j += 4)
        {
            int ncols = Math.Min(4, j1 - j);
            for (int i = i0; i < iTiled; i += 4)
            {
                T* cp = c + (nint)i * n + j;
                if (ncols == 4)
                {
                    Tile4x4(a + (nint)i * k, b + (nint)j * k, k, tail, mask, cp, n);
                }
                else
                {
                    // Right edge: the missing rows of B repeat the last one; their sums land in scratch.
                    for (int r = 0; r < 4; r++)
                    {
                        T* row = scratch;
                        for (int q = 0; q < 4; q++) row[q] = q < ncols ? cp[r * n + q] : default;
                        Tile4x4Row(a + (nint)(i + r) * k, b + (nint)j * k, k, ncols, tail, mask, row);
                        for (int q = 0; q < ncols; q++) cp[r * n + q] = row[q];
                    }
                }
            }
        }

        // The rows left over (all of them when m < 4): one row of A against 8 rows of B at a time.
        for (int i = iTiled; i < i1; i++)
        {
            T* ai = a + (nint)i * k;
            T* ci = c + (nint)i * n;
            for (int j = j0; j < j1; j += 8)
            {
                int ncols = Math.Min(8, j1 - j);
                if (ncols == 8)
                {
                    Row1x8(ai, b + (nint)j * k, k, 8, tail, mask, ci + j);
                }
                else
                {
                    for (int q = 0; q < 8; q++) scratch[q] = q < ncols ? ci[j + q] : default;
                    Row1x8(ai, b + (nint)j * k, k, ncols, tail, mask, scratch);
                    for (int q = 0; q < ncols; q++) ci[j + q] = scratch[q];
                }
            }
        }
    }

    /// <summary>C[0..4, 0..4] (row stride ldc) += A[0..4, :]·B[0..4, :]ᵀ, rows of A and B k apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4(T* a, T* b, int k, int tail, TV mask, T* c, nint ldc)
    {
        int w = TS.Count;
        T* a0 = a, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        T* b0 = b, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        TV s00 = TS.Zero, s01 = TS.Zero, s02 = TS.Zero, s03 = TS.Zero;
        TV s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero;
        TV s20 = TS.Zero, s21 = TS.Zero, s22 = TS.Zero, s23 = TS.Zero;
        TV s30 = TS.Zero, s31 = TS.Zero, s32 = TS.Zero, s33 = TS.Zero;
        int kFull = k - tail;
        for (int p = 0; p < kFull; p += w)
        {
            TV x0 = TS.Load(a0 + p), x1 = TS.Load(a1 + p), x2 = TS.Load(a2 + p), x3 = TS.Load(a3 + p);
            TV y = TS.Load(b0 + p);
            s00 = TS.Fma(x0, y, s00); s10 = TS.Fma(x1, y, s10); s20 = TS.Fma(x2, y, s20); s30 = TS.Fma(x3, y, s30);
            y = TS.Load(b1 + p);
            s01 = TS.Fma(x0, y, s01); s11 = TS.Fma(x1, y, s11); s21 = TS.Fma(x2, y, s21); s31 = TS.Fma(x3, y, s31);
            y = TS.Load(b2 + p);
            s02 = TS.Fma(x0, y, s02); s12 = TS.Fma(x1, y, s12); s22 = TS.Fma(x2, y, s22); s32 = TS.Fma(x3, y, s32);
            y = TS.Load(b3 + p);
            s03 = TS.Fma(x0, y, s03); s13 = TS.Fma(x1, y, s13); s23 = TS.Fma(x2, y, s23); s33 = TS.Fma(x3, y, s33);
        }
        if (tail > 0)
        {
            TV x0 = TS.LoadFirst(a0 + kFull, mask, tail), x1 = TS.LoadFirst(a1 + kFull, mask, tail);
            TV x2 = TS.LoadFirst(a2 + kFull, mask, tail), x3 = TS.LoadFirst(a3 + kFull, mask, tail);
            TV y = TS.LoadFirst(b0 + kFull, mask, tail);
            s00 = TS.Fma(x0, y, s00); s10 = TS.Fma(x1, y, s10); s20 = TS.Fma(x2, y, s20); s30 = TS.Fma(x3, y, s30);
            y = TS.LoadFirst(b1 + kFull, mask, tail);
            s01 = TS.Fma(x0, y, s01); s11 = TS.Fma(x1, y, s11); s21 = TS.Fma(x2, y, s21); s31 = TS.Fma(x3, y, s31);
            y = TS.LoadFirst(b2 + kFull, mask, tail);
            s02 = TS.Fma(x0, y, s02); s12 = TS.Fma(x1, y, s12); s22 = TS.Fma(x2, y, s22); s32 = TS.Fma(x3, y, s32);
            y = TS.LoadFirst(b3 + kFull, mask, tail);
            s03 = TS.Fma(x0, y, s03); s13 = TS.Fma(x1, y, s13); s23 = TS.Fma(x2, y, s23); s33 = TS.Fma(x3, y, s33);
        }
        TS.AddSums4(c, s00, s01, s02, s03);
        TS.AddSums4(c + ldc, s10, s11, s12, s13);
        TS.AddSums4(c + 2 * ldc, s20, s21, s22, s23);
        TS.AddSums4(c + 3 * ldc, s30, s31, s32, s33);
    }

    /// <summary>c[0..4] += a·B[0..4, :]ᵀ for one row a, with fewer than 4 rows of B (the missing ones repeat the last).</summary>
    private static void Tile4x4Row(T* a, T* b, int k, int nrowsB, int tail, TV mask, T* c)
    {
        T* b0 = b, b1 = nrowsB > 1 ? b0 + k : b0, b2 = nrowsB > 2 ? b1 + k : b1, b3 = nrowsB > 3 ? b2 + k : b2;
        Dot4(a, b0, b1, b2, b3, k, tail, mask, c);
    }

    /// <summary>c[0..nrowsB] += a·B[0..nrowsB, :]ᵀ for one row a and up to 8 rows of B (the missing ones repeat the last; c
    /// then has room for 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1x8(T* a, T* b, int k, int nrowsB, int tail, TV mask, T* c)
    {
        int w = TS.Count;
        T* b0 = b;
        T* b1 = nrowsB > 1 ? b0 + k : b0, b2 = nrowsB > 2 ? b1 + k : b1, b3 = nrowsB > 3 ? b2 + k : b2;
        T* b4 = nrowsB > 4 ? b3 + k : b3, b5 = nrowsB > 5 ? b4 + k : b4, b6 = nrowsB > 6 ? b5 + k : b5, b7 = nrowsB > 7 ? b6 + k : b6;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero, s4 = TS.Zero, s5 = TS.Zero, s6 = TS.Zero, s7 = TS.Zero;
        int kFull = k - tail;
        for (int p = 0; p < kFull; p += w)
        {
            TV x = TS.Load(a + p);
            s0 = TS.Fma(x, TS.Load(b0 + p), s0);
            s1 = TS.Fma(x, TS.Load(b1 + p), s1);
            s2 = TS.Fma(x, TS.Load(b2 + p), s2);
            s3 = TS.Fma(x, TS.Load(b3 + p), s3);
            s4 = TS.Fma(x, TS.Load(b4 + p), s4);
            s5 = TS.Fma(x, TS.Load(b5 + p), s5);
            s6 = TS.Fma(x, TS.Load(b6 + p), s6);
            s7 = TS.Fma(x, TS.Load(b7 + p), s7);
        }
        if (tail > 0)
        {
            TV x = TS.LoadFirst(a + kFull, mask, tail);
            s0 = TS.Fma(x, TS.LoadFirst(b0 + kFull, mask, tail), s0);
            s1 = TS.Fma(x, TS.LoadFirst(b1 + kFull, mask, tail), s1);
            s2 = TS.Fma(x, TS.LoadFirst(b2 + kFull, mask, tail), s2);
            s3 = TS.Fma(x, TS.LoadFirst(b3 + kFull, mask, tail), s3);
            s4 = TS.Fma(x, TS.LoadFirst(b4 + kFull, mask, tail), s4);
            s5 = TS.Fma(x, TS.LoadFirst(b5 + kFull, mask, tail), s5);
            s6 = TS.Fma(x, TS.LoadFirst(b6 + kFull, mask, tail), s6);
            s7 = TS.Fma(x, TS.LoadFirst(b7 + kFull, mask, tail), s7);
        }
        TS.AddSums4(c, s0, s1, s2, s3);
        TS.AddSums4(c + 4, s4, s5, s6, s7);
    }

    /// <summary>c[0..4] += (a·b0, a·b1, a·b2, a·b3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(T* a, T* b0, T* b1, T* b2, T* b3, int k, int tail, TV mask, T* c)
    {
        int w = TS.Count;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
        int kFull = k - tail;
        for (int p = 0; p < kFull; p += w)
        {
            TV x = TS.Load(a + p);
            s0 = TS.Fma(x, TS.Load(b0 + p), s0);
            s1 = TS.Fma(x, TS.Load(b1 + p), s1);
            s2 = TS.Fma(x, TS.Load(b2 + p), s2);
            s3 = TS.Fma(x, TS.Load(b3 + p), s3);
        }
        if (tail > 0)
        {
            TV x = TS.LoadFirst(a + kFull, mask, tail);
            s0 = TS.Fma(x, TS.LoadFirst(b0 + kFull, mask, tail), s0);
            s1 = TS.Fma(x, TS.LoadFirst(b1 + kFull, mask, tail), s1);
            s2 = TS.Fma(x, TS.LoadFirst(b2 + kFull, mask, tail), s2);
            s3 = TS.Fma(x, TS.LoadFirst(b3 + kFull, mask, tail), s3);
        }
        TS.AddSums4(c, s0, s1, s2, s3);
    }
}
