using System.Runtime.CompilerServices;

namespace AutoGradRnn;

/// <summary>
/// The NN and TN products, C[m,n] += Σ_p A(i,p)·B(p,j), with A(i,p) at a[i·ars + p·aks] (NN: ars = k, aks = 1; TN:
/// ars = 1, aks = m) and B(p,j) at b[p·n + j] (row-major [k,n]), or at b[j·k + p] (<c>transposedB</c>: B given as [n,k],
/// the NT product of a large A, which the tiles read from packed panels like any other B).
/// </summary>
/// <remarks>
/// Every element of C is one chain of fused multiply-adds in ascending p, starting from C itself:
/// c ← fma(A(i,0), B[0,j], c), then p = 1, 2, … — exactly a plain triple loop with an FMA. Blocking, packing,
/// the register tile, the row path and the split between threads only choose which elements are computed
/// when; none changes an element's chain, so the result is bit-identical whatever the thread count and tile,
/// and a NaN or ∞ anywhere in a row of A or a column of B reaches C as the triple loop would carry it.
/// <para>
/// Blocking (BLIS-style): B is packed per [kc × nc] block into panels of <see cref="Nr"/> columns (zero-padded),
/// which a register tile of <see cref="Mr"/> rows × Nr columns (16 accumulators) reads from L1 while A is read
/// in place by broadcasts. Edge tiles work in place: masked loads and stores of C at the right edge, the last row
/// repeated (and never stored) at the bottom.
/// </para>
/// </remarks>
internal static unsafe class GemmChain<T, TV, TS> where T : unmanaged where TV : struct where TS : ISimd<T, TV>
{
    /// <summary>Rows of the register tile.</summary>
    public const int Mr = 8;

    /// <summary>Columns of the register tile: two vectors.</summary>
    public static int Nr => 2 * TS.Count;

    /// <summary>The largest k block: a packed panel (kc × Nr) of 256 rows is 32 KiB, inside L1.</summary>
    private const int Kc = 256;

    /// <summary>Bytes of A kept in L2 across a k block (rows × kc).</summary>
    private const int ABlockBytes = 256 * 1024;

    /// <summary>Below this many rows, C's rows are computed one by one (<see cref="RowPath"/>): packing B costs more than it gains.</summary>
    private const int MinRowsForTiles = 4;

    /// <summary>Up to this k (a rank-1 or rank-2 update, as a batch-1 weight gradient is), C's rows are also computed one
    /// by one: each element of C is read and written once either way, and a row needs no packing and no tile set-up.</summary>
    private const int MaxKForRows = 2;

    /// <summary>Up to this many rows of C in one part of the work, the tiles read B in place instead of packing it: a
    /// packed panel would serve at most four tiles, so packing (a copy of all of B per call) costs more than the strided
    /// reads it saves. The input gradients dy·W at batch 20 and 32 are this case (measured, best of 5, one thread:
    /// 20×10000×200 712 → 562 µs, 20×800×400 103 → 77 µs, 32×1024×288 117 → 96 µs, 32×2048×544 474 → 368 µs).</summary>
    private const int MaxRowsReadingBInPlace = 4 * Mr;

    /// <summary>Whether C is computed row by row (<see cref="RowPath"/>) rather than in register tiles.</summary>
    public static bool ByRows(int m, int k) => m < MinRowsForTiles || k <= MaxKForRows;

    /// <summary>C[i0..i1, j0..j1] += A·B for the rows and columns of one part of the work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(T* a, nint ars, nint aks, T* b, bool transposedB, T* c, int m, int k, int n, int i0, int i1, int j0, int j1)
    {
        if (i1 <= i0 || j1 <= j0 || k == 0) return;
        if (transposedB)
        {
            // Only the tiles read a transposed B (through its packed panels); the caller routes no row-path shape here.
            if (ByRows(m, k)) throw new InvalidOperationException($"GemmChain: a transposed B needs the tiled path; m={m}, k={k}.");
            Tiled(a, ars, aks, b, true, c, k, n, i0, i1, j0, j1);
            return;
        }
        if (ByRows(m, k))
        {
            if (k == 1) RankOneRows(a, ars, b, c, n, i0, i1, j0, j1);
            else for (int i = i0; i < i1; i++) RowPath(a + i * ars, aks, b, c + (nint)i * n, k, n, j0, j1);
            return;
        }
        Tiled(a, ars, aks, b, false, c, k, n, i0, i1, j0, j1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiled(T* a, nint ars, nint aks, T* b, bool transposedB, T* c, int k, int n, int i0, int i1, int j0, int j1)
    {
        T* packedB = (T*)KernelBuffer.ForThisThread().PackedB;
        int nr = Nr;
        bool inPlace = !transposedB && i1 - i0 <= MaxRowsReadingBInPlace;

        int kBlocks = (k + Kc - 1) / Kc;
        int kcMax = (k + kBlocks - 1) / kBlocks; // balanced k blocks, none above Kc
        int ncMax = Math.Max(nr, KernelBuffer.PackBytes / (kcMax * sizeof(T)) / nr * nr);
        int mcMax = Math.Max(Mr, ABlockBytes / (kcMax * sizeof(T)) / Mr * Mr);

        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                if (transposedB) PackTransposedB(b + (nint)jc * k + pc, k, kc, nc, packedB);
                else if (!inPlace) PackB(b + (nint)pc * n + jc, n, kc, nc, packedB);
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int icEnd = Math.Min(i1, ic + mcMax);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int ncols = Math.Min(nr, nc - jr);
                        T* panel = inPlace ? b + (nint)pc * n + jc + jr : packedB + (nint)(jr / nr) * kc * nr;
                        nint ldb = inPlace ? n : nr;
                        bool maskedB = inPlace && ncols < nr;
                        for (int ir = ic; ir < icEnd; ir += Mr)
                        {
                            int nrows = Math.Min(Mr, icEnd - ir);
                            Tile(a + ir * ars + pc * aks, ars, aks, panel, ldb, maskedB, kc, c + (nint)ir * n + jc + jr, n, nrows, ncols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies B[0..kc, 0..nc] (row stride ldb) into panels of Nr columns, each kc rows of Nr contiguous values,
    /// zero-padded past nc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(T* b, nint ldb, int kc, int nc, T* packed)
    {
        int w = TS.Count, nr = 2 * w;
        int fullPanels = nc / nr, rest = nc - fullPanels * nr;
        for (int q = 0; q < fullPanels; q++)
        {
            T* src = b + q * nr;
            T* dst = packed + (nint)q * kc * nr;
            for (int p = 0; p < kc; p++)
            {
                TS.Store(dst, TS.Load(src));
                TS.Store(dst + w, TS.Load(src + w));
                src += ldb;
                dst += nr;
            }
        }
        if (rest > 0)
        {
            int n0 = Math.Min(rest, w), n1 = rest - n0;
            TV mask0 = TS.FirstLanes(n0), mask1 = TS.FirstLanes(n1);
            T* src = b + fullPanels * nr;
            T* dst = packed + (nint)fullPanels * kc * nr;
            for (int p = 0; p < kc; p++)
            {
                TS.Store(dst, TS.LoadFirst(src, mask0, n0));
                TS.Store(dst + w, TS.LoadFirst(src + w, mask1, n1));
                src += ldb;
                dst += nr;
            }
        }
    }

    /// <summary>Packs B(p, j) = bt[j·ldbt + p] for p &lt; kc, j &lt; nc (B given transposed: row j of bt is column j of B)
    /// into the same panels as <see cref="PackB"/>, zero-padded past nc: a gather, once per k block of a product whose
    /// rows of A reuse it many times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedB(T* bt, nint ldbt, int kc, int nc, T* packed)
    {
        int nr = Nr;
        for (int q = 0; q * nr < nc; q++)
        {
            T* dst = packed + (nint)q * kc * nr;
            int cols = Math.Min(nr, nc - q * nr);
            for (int j = 0; j < nr; j++)
            {
                T* src = bt + (q * nr + j) * ldbt;
                T* d = dst + j;
                if (j < cols)
                    for (int p = 0; p < kc; p++) d[(nint)p * nr] = src[p];
                else
                    for (int p = 0; p < kc; p++) d[(nint)p * nr] = default;
            }
        }
    }

    /// <summary>
    /// The register tile: C[0..nrows, 0..ncols] (row stride ldc) += A(0..nrows, 0..kc) · panel, one FMA chain per
    /// element. A full tile is 8 rows × 2 vectors; at the bottom edge the missing rows repeat the last row of A and are
    /// neither loaded from nor stored to C, and at the right edge C is loaded and stored through lane masks. The panel
    /// is packed (row stride Nr, zero-padded) or B itself (row stride n, read through the same masks at the right edge:
    /// <paramref name="maskedB"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(T* a, nint ars, nint aks, T* panel, nint ldb, bool maskedB, int kc, T* c, nint ldc, int nrows, int ncols)
    {
        int w = TS.Count;
        int last = nrows - 1;
        nint o1 = Math.Min(1, last) * ars, o2 = Math.Min(2, last) * ars, o3 = Math.Min(3, last) * ars;
        nint o4 = Math.Min(4, last) * ars, o5 = Math.Min(5, last) * ars, o6 = Math.Min(6, last) * ars, o7 = Math.Min(7, last) * ars;
        T* c0 = c, c1 = c + Math.Min(1, last) * ldc, c2 = c + Math.Min(2, last) * ldc, c3 = c + Math.Min(3, last) * ldc;
        T* c4 = c + Math.Min(4, last) * ldc, c5 = c + Math.Min(5, last) * ldc, c6 = c + Math.Min(6, last) * ldc, c7 = c + Math.Min(7, last) * ldc;
        var edge = new ColumnEdge(ncols, w);

        TV r00 = edge.Load0(c0), r01 = edge.Load1(c0);
        TV r10 = nrows > 1 ? edge.Load0(c1) : TS.Zero, r11 = nrows > 1 ? edge.Load1(c1) : TS.Zero;
        TV r20 = nrows > 2 ? edge.Load0(c2) : TS.Zero, r21 = nrows > 2 ? edge.Load1(c2) : TS.Zero;
        TV r30 = nrows > 3 ? edge.Load0(c3) : TS.Zero, r31 = nrows > 3 ? edge.Load1(c3) : TS.Zero;
        TV r40 = nrows > 4 ? edge.Load0(c4) : TS.Zero, r41 = nrows > 4 ? edge.Load1(c4) : TS.Zero;
        TV r50 = nrows > 5 ? edge.Load0(c5) : TS.Zero, r51 = nrows > 5 ? edge.Load1(c5) : TS.Zero;
        TV r60 = nrows > 6 ? edge.Load0(c6) : TS.Zero, r61 = nrows > 6 ? edge.Load1(c6) : TS.Zero;
        TV r70 = nrows > 7 ? edge.Load0(c7) : TS.Zero, r71 = nrows > 7 ? edge.Load1(c7) : TS.Zero;
        T* bp = panel;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = maskedB ? edge.Load0(bp) : TS.Load(bp), b1 = maskedB ? edge.Load1(bp) : TS.Load(bp + w);
            TV x = TS.Broadcast(a[0]);
            r00 = TS.Fma(x, b0, r00); r01 = TS.Fma(x, b1, r01);
            x = TS.Broadcast(a[o1]);
            r10 = TS.Fma(x, b0, r10); r11 = TS.Fma(x, b1, r11);
            x = TS.Broadcast(a[o2]);
            r20 = TS.Fma(x, b0, r20); r21 = TS.Fma(x, b1, r21);
            x = TS.Broadcast(a[o3]);
            r30 = TS.Fma(x, b0, r30); r31 = TS.Fma(x, b1, r31);
            x = TS.Broadcast(a[o4]);
            r40 = TS.Fma(x, b0, r40); r41 = TS.Fma(x, b1, r41);
            x = TS.Broadcast(a[o5]);
            r50 = TS.Fma(x, b0, r50); r51 = TS.Fma(x, b1, r51);
            x = TS.Broadcast(a[o6]);
            r60 = TS.Fma(x, b0, r60); r61 = TS.Fma(x, b1, r61);
            x = TS.Broadcast(a[o7]);
            r70 = TS.Fma(x, b0, r70); r71 = TS.Fma(x, b1, r71);
            a += aks;
            bp += ldb;
        }
        edge.Store0(c0, r00); edge.Store1(c0, r01);
        if (nrows > 1) { edge.Store0(c1, r10); edge.Store1(c1, r11); }
        if (nrows > 2) { edge.Store0(c2, r20); edge.Store1(c2, r21); }
        if (nrows > 3) { edge.Store0(c3, r30); edge.Store1(c3, r31); }
        if (nrows > 4) { edge.Store0(c4, r40); edge.Store1(c4, r41); }
        if (nrows > 5) { edge.Store0(c5, r50); edge.Store1(c5, r51); }
        if (nrows > 6) { edge.Store0(c6, r60); edge.Store1(c6, r61); }
        if (nrows > 7) { edge.Store0(c7, r70); edge.Store1(c7, r71); }
    }

    /// <summary>How a tile row's two vectors of C are read and written: whole, or through masks at the right edge.</summary>
    private readonly struct ColumnEdge
    {
        private readonly bool _full;
        private readonly int _n0, _n1;
        private readonly TV _mask0, _mask1;

        public ColumnEdge(int ncols, int w)
        {
            _full = ncols == 2 * w;
            _n0 = Math.Min(ncols, w);
            _n1 = ncols - _n0;
            _mask0 = _full ? default : TS.FirstLanes(_n0);
            _mask1 = _full ? default : TS.FirstLanes(_n1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Load0(T* row) => _full ? TS.Load(row) : TS.LoadFirst(row, _mask0, _n0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Load1(T* row) => _full ? TS.Load(row + TS.Count) : TS.LoadFirst(row + TS.Count, _mask1, _n1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store0(T* row, TV v)
        {
            if (_full) TS.Store(row, v);
            else TS.StoreFirst(row, v, _mask0, _n0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store1(T* row, TV v)
        {
            if (_full) TS.Store(row + TS.Count, v);
            else TS.StoreFirst(row + TS.Count, v, _mask1, _n1);
        }
    }

    /// <summary>
    /// One row of C: c[j0..j1] += Σ_p a[p·aks]·B[p, j0..j1], streaming B four rows at a time (a vector-matrix product,
    /// bound by reading B). Still one FMA chain per element in ascending p, as in <see cref="Tile"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowPath(T* a, nint aks, T* b, T* c, int k, int n, int j0, int j1)
    {
        int w = TS.Count;
        int vecEnd = j0 + (j1 - j0) / w * w, tail = j1 - vecEnd;
        TV mask = TS.FirstLanes(tail);
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            TV x0 = TS.Broadcast(a[p * aks]), x1 = TS.Broadcast(a[(p + 1) * aks]), x2 = TS.Broadcast(a[(p + 2) * aks]), x3 = TS.Broadcast(a[(p + 3) * aks]);
            T* b0 = b + (nint)p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
            for (int j = j0; j < vecEnd; j += w)
            {
                TV v = TS.Load(c + j);
                v = TS.Fma(x0, TS.Load(b0 + j), v);
                v = TS.Fma(x1, TS.Load(b1 + j), v);
                v = TS.Fma(x2, TS.Load(b2 + j), v);
                v = TS.Fma(x3, TS.Load(b3 + j), v);
                TS.Store(c + j, v);
            }
            if (tail > 0)
            {
                TV v = TS.LoadFirst(c + vecEnd, mask, tail);
                v = TS.Fma(x0, TS.LoadFirst(b0 + vecEnd, mask, tail), v);
                v = TS.Fma(x1, TS.LoadFirst(b1 + vecEnd, mask, tail), v);
                v = TS.Fma(x2, TS.LoadFirst(b2 + vecEnd, mask, tail), v);
                v = TS.Fma(x3, TS.LoadFirst(b3 + vecEnd, mask, tail), v);
                TS.StoreFirst(c + vecEnd, v, mask, tail);
            }
        }
        if (p + 2 <= k)
        {
            TV x0 = TS.Broadcast(a[p * aks]), x1 = TS.Broadcast(a[(p + 1) * aks]);
            T* b0 = b + (nint)p * n, b1 = b0 + n;
            for (int j = j0; j < vecEnd; j += w) TS.Store(c + j, TS.Fma(x1, TS.Load(b1 + j), TS.Fma(x0, TS.Load(b0 + j), TS.Load(c + j))));
            if (tail > 0)
            {
                TV v = TS.Fma(x0, TS.LoadFirst(b0 + vecEnd, mask, tail), TS.LoadFirst(c + vecEnd, mask, tail));
                TS.StoreFirst(c + vecEnd, TS.Fma(x1, TS.LoadFirst(b1 + vecEnd, mask, tail), v), mask, tail);
            }
            p += 2;
        }
        if (p < k)
        {
            TV x0 = TS.Broadcast(a[p * aks]);
            T* b0 = b + (nint)p * n;
            for (int j = j0; j < vecEnd; j += w) TS.Store(c + j, TS.Fma(x0, TS.Load(b0 + j), TS.Load(c + j)));
            if (tail > 0) TS.StoreFirst(c + vecEnd, TS.Fma(x0, TS.LoadFirst(b0 + vecEnd, mask, tail), TS.LoadFirst(c + vecEnd, mask, tail)), mask, tail);
        }
    }

    /// <summary>C[i0..i1, j0..j1] += a(i)·b[j0..j1] for k = 1 (a batch-1 weight gradient, bound by reading and writing
    /// C): the row of B stays in L1, and nothing is set up per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RankOneRows(T* a, nint ars, T* b, T* c, int n, int i0, int i1, int j0, int j1)
    {
        int w = TS.Count;
        int vecEnd = j0 + (j1 - j0) / w * w;
        for (int i = i0; i < i1; i++)
        {
            T xs = a[i * ars];
            TV x = TS.Broadcast(xs);
            T* ci = c + (nint)i * n;
            int j = j0;
            for (; j + 2 * w <= vecEnd; j += 2 * w)
            {
                TS.Store(ci + j, TS.Fma(x, TS.Load(b + j), TS.Load(ci + j)));
                TS.Store(ci + j + w, TS.Fma(x, TS.Load(b + j + w), TS.Load(ci + j + w)));
            }
            if (j < vecEnd) TS.Store(ci + j, TS.Fma(x, TS.Load(b + j), TS.Load(ci + j)));
            // The tail element by element: a masked store is slower here than a few scalar FMAs (same values).
            for (int q = vecEnd; q < j1; q++) ci[q] = Scalar.Fma(xs, b[q], ci[q]);
        }
    }
}
