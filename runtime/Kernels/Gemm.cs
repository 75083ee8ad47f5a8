using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoGradRnn;

/// <summary>
/// Matrix-multiply kernels on contiguous row-major storage. Every kernel accumulates: C += op(A)·op(B).
/// NN and TN run <see cref="GemmChain{T, TV, TS}"/> (packed, cache-blocked, an 8-row × 2-vector FMA register tile;
/// row by row below 4 rows or for k ≤ 2, a rank-1 or rank-2 update); NT runs <see cref="GemmDot{T, TV, TS}"/> (register-blocked dot products, nothing
/// packed; 1 × 8 rows of B for a matrix-vector product) up to <see cref="MaxRowsForDots"/> rows of A, and the chain's
/// tiles over B packed from its transpose above that (a window's output layer, an input projection over T·B rows). The vector width is chosen at start-up: AVX-512 where the
/// runtime accelerates <see cref="Vector512"/>, else 256 or 128 bits with FMA, else a plain triple loop.
/// </summary>
/// <remarks>
/// No kernel skips a zero entry of A: 0 · NaN and 0 · ∞ are NaN, and a NaN or infinity in B reaches C as it would
/// through a plain triple loop. Large products are cut into chunks of columns (or rows) of C that up to
/// <see cref="KernelThreads.Max"/> threads share (<see cref="KernelWorkers"/>), each element computed whole in one
/// chunk, so the result is bit-identical whatever the thread count. A warm call allocates nothing.
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>The vector width in bits the kernels use on this machine; 0 for the scalar triple loop.</summary>
    public static readonly int Width =
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 256
        : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported) ? 128
        : 0;

    /// <summary>
    /// The least work (floating-point operations) worth a thread of its own: about 20–25 µs at one core's GEMM speed,
    /// several times the 4–11 µs it takes to wake a worker (measured on the 2-core Zen 5 machine, 11 µs at best
    /// while it was shared with other jobs). An LSTM step's products at H = 256, batch 32 (19–21 MFLOP) are split;
    /// at H = 100 (3.4 MFLOP) they are not. Because a late worker only takes the chunks still left, a product split
    /// on a machine whose other cores are busy costs a few percent at most (measured: 0–4 %).
    /// </summary>
    public const double MinFlopsPerThread = 4e6;

    /// <summary>Up to this many rows of A, NT runs dot products over B in place (a step's products at batch 1–32); above
    /// it, B is packed from its transpose once per block and serves many more rows: measured on one core, a window's
    /// output layer 400×200 · (10000×200)ᵀ 14.1 → 8.7 ms (2026-12-06, under load).</summary>
    public const int MaxRowsForDots = 32;

    /// <summary>C[m,n] += A[m,k] · B[k,n].</summary>
    public static void NN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T> => NN(a, b, c, m, k, n, KernelThreads.Max);

    /// <summary>C[m,n] += A[m,k] · B[n,k]ᵀ.</summary>
    public static void NT<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T> => NT(a, b, c, m, k, n, KernelThreads.Max);

    /// <summary>C[m,n] += A[k,m]ᵀ · B[k,n].</summary>
    public static void TN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T> => TN(a, b, c, m, k, n, KernelThreads.Max);

    /// <summary><see cref="NN{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int)"/> on at most
    /// <paramref name="maxThreads"/> threads.</summary>
    public static void NN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckArguments("NN", a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                switch (Width)
                {
                    case 512: Chain<T, Vector512<T>, Simd512<T>>(pa, k, 1, pb, false, pc, m, k, n, maxThreads); return;
                    case 256: Chain<T, Vector256<T>, Simd256<T>>(pa, k, 1, pb, false, pc, m, k, n, maxThreads); return;
                    case 128: Chain<T, Vector128<T>, Simd128<T>>(pa, k, 1, pb, false, pc, m, k, n, maxThreads); return;
                }
            }
            NaiveChain(pa, k, 1, pb, pc, m, k, n);
        }
    }

    /// <summary><see cref="NT{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int)"/> on at most
    /// <paramref name="maxThreads"/> threads.</summary>
    public static void NT<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckArguments("NT", a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                switch (Width)
                {
                    case 512: Dot<T, Vector512<T>, Simd512<T>>(pa, pb, pc, m, k, n, maxThreads); return;
                    case 256: Dot<T, Vector256<T>, Simd256<T>>(pa, pb, pc, m, k, n, maxThreads); return;
                    case 128: Dot<T, Vector128<T>, Simd128<T>>(pa, pb, pc, m, k, n, maxThreads); return;
                }
            }
            NaiveDot(pa, pb, pc, m, k, n);
        }
    }

    /// <summary><see cref="TN{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int)"/> on at most
    /// <paramref name="maxThreads"/> threads.</summary>
    public static void TN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckArguments("TN", a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                switch (Width)
                {
                    case 512: Chain<T, Vector512<T>, Simd512<T>>(pa, 1, m, pb, false, pc, m, k, n, maxThreads); return;
                    case 256: Chain<T, Vector256<T>, Simd256<T>>(pa, 1, m, pb, false, pc, m, k, n, maxThreads); return;
                    case 128: Chain<T, Vector128<T>, Simd128<T>>(pa, 1, m, pb, false, pc, m, k, n, maxThreads); return;
                }
            }
            NaiveChain(pa, 1, m, pb, pc, m, k, n);
        }
    }

    /// <summary>The NN (ars = k, aks = 1) or TN (ars = 1, aks = m) product at one chosen vector width, for tests that
    /// cover every width on one machine.</summary>
    internal static void ChainAt<T, TV, TS>(ReadOnlySpan<T> a, bool transposeA, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int maxThreads)
        where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        CheckArguments(transposeA ? "TN" : "NN", a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            Chain<T, TV, TS>(pa, transposeA ? 1 : k, transposeA ? m : 1, pb, false, pc, m, k, n, maxThreads);
        }
    }

    /// <summary>The NT product at one chosen vector width, for tests that cover every width on one machine.</summary>
    internal static void DotAt<T, TV, TS>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int maxThreads)
        where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        CheckArguments("NT", a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            Dot<T, TV, TS>(pa, pb, pc, m, k, n, maxThreads);
        }
    }

    private static void CheckArguments(string kind, int aLength, int bLength, int cLength, int m, int k, int n)
    {
        if (m < 0 || k < 0 || n < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm.{kind}: negative dimension in m={m}, k={k}, n={n}.");
        if (aLength < (long)m * k || bLength < (long)k * n || cLength < (long)m * n)
            throw new ArgumentException($"Gemm.{kind}: m={m}, k={k}, n={n} needs A {(long)m * k}, B {(long)k * n} and C {(long)m * n} elements; got {aLength}, {bLength} and {cLength}.");
    }

    /// <summary>One product's arguments, on the caller's stack while its chunks run.</summary>
    private struct Job
    {
        public void* A, B, C;
        public bool TransposedB;
        public nint Ars, Aks;
        public int M, K, N;
        public int Chunks;

        /// <summary>Split C by rows (else by columns), in blocks of <see cref="Unit"/>.</summary>
        public bool ByRows;
        public int Unit;

        /// <summary>This chunk's range of the split dimension.</summary>
        public readonly (int Start, int End) Range(int chunk)
        {
            int length = ByRows ? M : N;
            int units = (length + Unit - 1) / Unit;
            int start = (int)((long)units * chunk / Chunks) * Unit;
            int end = (int)((long)units * (chunk + 1) / Chunks) * Unit;
            return (Math.Min(start, length), Math.Min(end, length));
        }
    }

    /// <summary>
    /// How many threads a product may use (one per <see cref="MinFlopsPerThread"/> of work, at most
    /// <paramref name="maxThreads"/>) and how many chunks to cut it into: four per thread it may use, at most one per
    /// unit of the split dimension, so a worker that wakes late still finds work and one that never wakes costs the
    /// caller nothing but the signal.
    /// </summary>
    private static (int Threads, int Chunks) Split(int m, int k, int n, int maxThreads, int units)
    {
        double flops = 2.0 * m * k * n;
        int threads = (int)Math.Min(maxThreads, flops / MinFlopsPerThread);
        if (threads <= 1 || units <= 1) return (1, 1);
        return (threads, Math.Min(units, 4 * threads));
    }

    private static void Chain<T, TV, TS>(T* a, nint ars, nint aks, T* b, bool transposedB, T* c, int m, int k, int n, int maxThreads)
        where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        // Tiles: a chunk of columns reads all of A and packs its own columns of B; a chunk of rows reads its own rows
        // of A (and of C) and packs all of B. Split by rows when A is the larger (m > n: a weight gradient dyᵀ·x over
        // many outputs) or there are fewer than two panels of B, else by columns. Row by row: split by rows when there
        // are enough, else by vectors of columns.
        bool rowPath = GemmChain<T, TV, TS>.ByRows(m, k);
        int nr = GemmChain<T, TV, TS>.Nr;
        bool byRows = rowPath ? m >= 8 : n < 2 * nr || m > n;
        int unit = rowPath ? (byRows ? 4 : TS.Count) : (byRows ? GemmChain<T, TV, TS>.Mr : nr);
        var (threads, chunks) = Split(m, k, n, maxThreads, ((byRows ? m : n) + unit - 1) / unit);
        if (chunks == 1)
        {
            GemmChain<T, TV, TS>.Run(a, ars, aks, b, transposedB, c, m, k, n, 0, m, 0, n);
            return;
        }
        var job = new Job { A = a, B = b, TransposedB = transposedB, C = c, Ars = ars, Aks = aks, M = m, K = k, N = n, Chunks = chunks, ByRows = byRows, Unit = unit };
        KernelWorkers.Run(&ChainChunk<T, TV, TS>, &job, chunks, threads);
    }

    private static void ChainChunk<T, TV, TS>(void* state, int chunk) where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        ref var job = ref *(Job*)state;
        var (start, end) = job.Range(chunk);
        var (i0, i1, j0, j1) = job.ByRows ? (start, end, 0, job.N) : (0, job.M, start, end);
        GemmChain<T, TV, TS>.Run((T*)job.A, job.Ars, job.Aks, (T*)job.B, job.TransposedB, (T*)job.C, job.M, job.K, job.N, i0, i1, j0, j1);
    }

    private static void Dot<T, TV, TS>(T* a, T* b, T* c, int m, int k, int n, int maxThreads)
        where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        if (m > MaxRowsForDots && !GemmChain<T, TV, TS>.ByRows(m, k))
        {
            Chain<T, TV, TS>(a, k, 1, b, true, c, m, k, n, maxThreads);
            return;
        }
        // Split by columns (rows of B: each chunk reads only its own part of B) unless there are too few.
        bool byRows = n < 8 && m >= 8;
        int unit = byRows ? 4 : m < 4 ? 8 : 4;
        var (threads, chunks) = Split(m, k, n, maxThreads, ((byRows ? m : n) + unit - 1) / unit);
        if (chunks == 1)
        {
            GemmDot<T, TV, TS>.Run(a, b, c, m, k, n, 0, m, 0, n);
            return;
        }
        var job = new Job { A = a, B = b, C = c, M = m, K = k, N = n, Chunks = chunks, ByRows = byRows, Unit = unit };
        KernelWorkers.Run(&DotChunk<T, TV, TS>, &job, chunks, threads);
    }

    private static void DotChunk<T, TV, TS>(void* state, int chunk) where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        ref var job = ref *(Job*)state;
        var (start, end) = job.Range(chunk);
        var (i0, i1, j0, j1) = job.ByRows ? (start, end, 0, job.N) : (0, job.M, start, end);
        GemmDot<T, TV, TS>.Run((T*)job.A, (T*)job.B, (T*)job.C, job.M, job.K, job.N, i0, i1, j0, j1);
    }

    /// <summary>The scalar NN/TN product where no vector unit with FMA is accelerated: c[i,j] += a(i,p)·b[p,j] in ascending p.</summary>
    private static void NaiveChain<T>(T* a, nint ars, nint aks, T* b, T* c, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* ci = c + (nint)i * n;
            for (int p = 0; p < k; p++)
            {
                T aip = a[i * ars + p * aks];
                T* bp = b + (nint)p * n;
                for (int j = 0; j < n; j++) ci[j] += aip * bp[j];
            }
        }
    }

    /// <summary>The scalar NT product: c[i,j] += Σ_p a[i,p]·b[j,p], summed in ascending p.</summary>
    private static void NaiveDot<T>(T* a, T* b, T* c, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* ai = a + (nint)i * k;
            for (int j = 0; j < n; j++)
            {
                T* bj = b + (nint)j * k;
                T sum = T.Zero;
                for (int p = 0; p < k; p++) sum += ai[p] * bj[p];
                c[(nint)i * n + j] += sum;
            }
        }
    }
}
