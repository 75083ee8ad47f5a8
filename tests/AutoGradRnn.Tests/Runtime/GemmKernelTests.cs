using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// The matrix-product kernels (<see cref="Gemm"/>) against a plain triple loop in float64, in float32 and float64, at
/// every vector width this machine runs (the one <see cref="Gemm"/> picks, and each narrower one through
/// <see cref="Gemm.ChainAt"/> / <see cref="Gemm.DotAt"/>): many shapes including every tile edge, k = 0, accumulation
/// into a nonzero C, NaN and ∞ propagation, bit-identical results whatever the number of threads, and no allocation
/// in a warm call.
/// </summary>
public class GemmKernelTests
{
    public enum Kind { NN, NT, TN }

    private static readonly int[] Dims = [1, 2, 3, 7, 17, 31, 33, 64, 100, 257];

    /// <summary>Every dimension value in each of m, k and n, against a few partners, plus large mixed shapes and k = 0.</summary>
    public static IEnumerable<(int M, int K, int N)> Shapes()
    {
        var partners = new[] { 1, 3, 17, 33 };
        var seen = new HashSet<(int, int, int)>();
        foreach (int d in Dims)
        {
            foreach (int p in partners)
            {
                foreach (int q in partners)
                {
                    foreach (var shape in new[] { (d, p, q), (p, d, q), (p, q, d) })
                    {
                        if (seen.Add(shape)) yield return shape;
                    }
                }
            }
        }
        foreach (var shape in new[] { (64, 100, 257), (257, 64, 100), (100, 257, 64), (31, 257, 33), (33, 31, 257), (257, 33, 31), (8, 600, 40), (40, 9, 600) })
        {
            if (seen.Add(shape)) yield return shape;
        }
        foreach (var shape in new[] { (1, 0, 1), (7, 0, 33), (33, 0, 7) }) yield return shape;
    }

    /// <summary>One way to run a kernel: the default width, or one chosen width.</summary>
    private delegate void Runner<T>(Kind kind, T[] a, T[] b, T[] c, int m, int k, int n, int threads);

    private static IEnumerable<(string Name, Runner<T> Run)> Runners<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        yield return ($"default ({Gemm.Width} bits)", RunDefault);
        if (Vector512.IsHardwareAccelerated) yield return ("512 bits", RunAt<T, Vector512<T>, Simd512<T>>);
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) yield return ("256 bits", RunAt<T, Vector256<T>, Simd256<T>>);
        if (Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported)) yield return ("128 bits", RunAt<T, Vector128<T>, Simd128<T>>);
    }

    private static void RunDefault<T>(Kind kind, T[] a, T[] b, T[] c, int m, int k, int n, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case Kind.NN: Gemm.NN<T>(a, b, c, m, k, n, threads); break;
            case Kind.NT: Gemm.NT<T>(a, b, c, m, k, n, threads); break;
            default: Gemm.TN<T>(a, b, c, m, k, n, threads); break;
        }
    }

    private static void RunAt<T, TV, TS>(Kind kind, T[] a, T[] b, T[] c, int m, int k, int n, int threads)
        where T : unmanaged where TV : struct where TS : ISimd<T, TV>
    {
        if (kind == Kind.NT) Gemm.DotAt<T, TV, TS>(a, b, c, m, k, n, threads);
        else Gemm.ChainAt<T, TV, TS>(a, kind == Kind.TN, b, c, m, k, n, threads);
    }

    private static double A(Kind kind, double[] a, int i, int p, int m, int k) => kind == Kind.TN ? a[p * m + i] : a[i * k + p];

    private static double B(Kind kind, double[] b, int p, int j, int k, int n) => kind == Kind.NT ? b[j * k + p] : b[p * n + j];

    /// <summary>The triple loop in float64, and for each element the scale of its rounding error: |c| + Σ|a·b|.</summary>
    private static (double[] Value, double[] Scale) Reference(Kind kind, double[] a, double[] b, double[] c, int m, int k, int n)
    {
        var value = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c[i * n + j], abs = Math.Abs(c[i * n + j]);
                for (int p = 0; p < k; p++)
                {
                    double product = A(kind, a, i, p, m, k) * B(kind, b, p, j, k, n);
                    sum += product;
                    abs += Math.Abs(product);
                }
                value[i * n + j] = sum;
                scale[i * n + j] = abs;
            }
        }
        return (value, scale);
    }

    private static double[] RandomValues(Random rng, int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    private static T[] To<T>(double[] values) where T : IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    /// <summary>Asserts every result element: the same NaN/∞ as the reference, else within the worst-case rounding error
    /// of a k-term sum in T, in any order (γ(k+1) · scale, γ(j) = j·ε/(1 − j·ε)), on top of rounding the inputs.</summary>
    private static void AssertElements<T>(T[] actual, double[] expected, double[] scale, int n, int k, Func<string> where) where T : IFloatingPointIeee754<T>
    {
        double eps = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        double gamma = (k + 2) * eps / (1 - (k + 2) * eps);
        for (int e = 0; e < actual.Length; e++)
        {
            double got = double.CreateChecked(actual[e]);
            bool ok = double.IsNaN(expected[e]) || double.IsInfinity(expected[e])
                ? got.Equals(expected[e])
                : Math.Abs(got - expected[e]) <= gamma * scale[e] + double.Epsilon;
            if (!ok) Assert.Fail($"{where()} [{e / n},{e % n}]: expected {expected[e]}, got {got} (tolerance {gamma * scale[e]})");
        }
    }

    public static TheoryData<Kind> Kinds => new() { Kind.NN, Kind.NT, Kind.TN };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_shape_matches_a_triple_loop_in_float32(Kind kind) => MatchesTripleLoop<float>(kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_shape_matches_a_triple_loop_in_float64(Kind kind) => MatchesTripleLoop<double>(kind);

    private static void MatchesTripleLoop<T>(Kind kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(7);
        foreach (var (m, k, n) in Shapes())
        {
            // Inputs rounded to T first, so the reference sees exactly what the kernel sees; C starts nonzero (+= semantics).
            var a = To<T>(RandomValues(rng, m * k));
            var b = To<T>(RandomValues(rng, k * n));
            var c0 = To<T>(RandomValues(rng, m * n));
            var (value, scale) = Reference(kind, a.Select(double.CreateChecked).ToArray(), b.Select(double.CreateChecked).ToArray(),
                c0.Select(double.CreateChecked).ToArray(), m, k, n);
            foreach (var (name, run) in Runners<T>())
            {
                var c = (T[])c0.Clone();
                run(kind, a, b, c, m, k, n, 1);
                AssertElements(c, value, scale, n, k, () => $"{kind} {typeof(T).Name} {m}x{k}x{n} {name}");
            }
        }
    }

    [Fact]
    public void A_product_with_k_zero_leaves_C_as_it_was()
    {
        foreach (var kind in new[] { Kind.NN, Kind.NT, Kind.TN })
        {
            var c = new float[] { 1, -2, 3, float.NaN, 5, 6 };
            RunDefault(kind, [], [], c, 2, 0, 3, 2);
            Assert.Equal(new float[] { 1, -2, 3, float.NaN, 5, 6 }, c);
        }
    }

    public static TheoryData<Kind, double> Poisons => new()
    {
        { Kind.NN, double.NaN }, { Kind.NT, double.NaN }, { Kind.TN, double.NaN },
        { Kind.NN, double.PositiveInfinity }, { Kind.NT, double.PositiveInfinity }, { Kind.TN, double.PositiveInfinity },
        { Kind.NN, double.NegativeInfinity }, { Kind.NT, double.NegativeInfinity }, { Kind.TN, double.NegativeInfinity },
    };

    /// <summary>A NaN or ∞ placed in A or in B (at the first, a middle, the last and a tail index of k, which the NT kernel
    /// reads through a masked load), with zeros beside it in the other operand, gives exactly the NaN and ∞ a triple
    /// loop gives, and leaves every other element of C finite and correct.</summary>
    [Theory]
    [MemberData(nameof(Poisons))]
    public void NaN_and_infinity_propagate_as_in_a_triple_loop(Kind kind, double poison)
    {
        Propagates<float>(kind, poison);
        Propagates<double>(kind, poison);
    }

    private static void Propagates<T>(Kind kind, double poison) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(11);
        foreach (var (m, k, n) in new[] { (9, 37, 35), (1, 19, 9), (33, 17, 2), (4, 3, 4) })
        {
            foreach (int p in new[] { 0, k / 2, k - 1 })
            {
                foreach (bool inA in new[] { true, false })
                {
                    var ad = RandomValues(rng, m * k);
                    var bd = RandomValues(rng, k * n);
                    int row = m / 2, col = n - 1;
                    // The poison at (row, p) of A or (p, col) of B; zeros in the other operand's matching row/column of p.
                    if (inA)
                    {
                        ad[kind == Kind.TN ? p * m + row : row * k + p] = poison;
                        for (int j = 0; j < n; j += 2) bd[kind == Kind.NT ? j * k + p : p * n + j] = 0;
                    }
                    else
                    {
                        bd[kind == Kind.NT ? col * k + p : p * n + col] = poison;
                        for (int i = 0; i < m; i += 2) ad[kind == Kind.TN ? p * m + i : i * k + p] = 0;
                    }
                    var a = To<T>(ad);
                    var b = To<T>(bd);
                    var c0 = To<T>(RandomValues(rng, m * n));
                    var (value, scale) = Reference(kind, a.Select(double.CreateChecked).ToArray(), b.Select(double.CreateChecked).ToArray(),
                        c0.Select(double.CreateChecked).ToArray(), m, k, n);
                    Assert.Contains(value, double.IsNaN);
                    foreach (var (name, run) in Runners<T>())
                    {
                        foreach (int threads in new[] { 1, 2 })
                        {
                            var c = (T[])c0.Clone();
                            run(kind, a, b, c, m, k, n, threads);
                            AssertElements(c, value, scale, n, k, () => $"{kind} {typeof(T).Name} {m}x{k}x{n} {poison} in {(inA ? "A" : "B")} at p={p} {name}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>Shapes large enough to be split, by columns and (few columns) by rows, in tiles and row by row (few rows,
    /// or k ≤ 2), with ragged edges.</summary>
    public static TheoryData<Kind, int, int, int> SplitShapes => new()
    {
        { Kind.NT, 32, 320, 1024 }, { Kind.NT, 33, 257, 1000 }, { Kind.NT, 1, 1000, 7001 }, { Kind.NT, 2051, 601, 5 },
        { Kind.NN, 32, 1024, 320 }, { Kind.NN, 33, 257, 1000 }, { Kind.NN, 2, 1000, 4001 }, { Kind.NN, 2051, 301, 20 },
        { Kind.TN, 1024, 32, 320 }, { Kind.TN, 1000, 257, 33 }, { Kind.TN, 3, 1000, 2500 }, { Kind.TN, 2051, 301, 17 }, { Kind.TN, 1503, 2, 1401 }, { Kind.NN, 1401, 2, 1503 },
        { Kind.TN, 10000, 20, 200 }, { Kind.NN, 800, 64, 100 }, // split by rows: A is larger than B (m > n)
    };

    /// <summary>The same bits from 1, 2 and 5 threads (which also cut the product into 8 and 20 chunks, shared by as
    /// many threads as there are cores, so the splits are exercised on any machine), in both element types.</summary>
    [Theory]
    [MemberData(nameof(SplitShapes))]
    public void Results_are_bit_identical_whatever_the_thread_count(Kind kind, int m, int k, int n)
    {
        BitIdentical<float>(kind, m, k, n);
        BitIdentical<double>(kind, m, k, n);
    }

    private static void BitIdentical<T>(Kind kind, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(5);
        var a = To<T>(RandomValues(rng, m * k));
        var b = To<T>(RandomValues(rng, k * n));
        var c0 = To<T>(RandomValues(rng, m * n));
        Assert.True(2.0 * m * k * n >= 2 * Gemm.MinFlopsPerThread, "the shape is large enough to be split");
        // The split does not depend on the width: the default width and the narrowest are enough.
        var runners = Runners<T>().ToList();
        foreach (var (name, run) in runners.Take(1).Concat(runners.Skip(1).TakeLast(1)))
        {
            var single = (T[])c0.Clone();
            run(kind, a, b, single, m, k, n, 1);
            foreach (int threads in new[] { 2, 5 })
            {
                var c = (T[])c0.Clone();
                run(kind, a, b, c, m, k, n, threads);
                Assert.True(single.AsSpan().SequenceEqual(c), $"{kind} {typeof(T).Name} {m}x{k}x{n} {name}: {threads} threads differ from one");
            }
        }
    }

    /// <summary>A row of a batch gets the same bits as the same row alone (batch 1 takes other paths: one row at a time
    /// for NN and TN, 1 × 8 dot products for NT).</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_batch_row_is_bit_identical_to_the_row_alone(Kind kind)
    {
        var rng = new Random(9);
        foreach (var (m, k, n) in new[] { (32, 133, 65), (9, 64, 100), (20, 257, 33) })
        {
            var a = To<float>(RandomValues(rng, m * k));
            var b = To<float>(RandomValues(rng, k * n));
            var c0 = To<float>(RandomValues(rng, m * n));
            var batch = (float[])c0.Clone();
            RunDefault(kind, a, b, batch, m, k, n, 1);
            for (int i = 0; i < m; i++)
            {
                // Row i of op(A) alone: a [1, k] row (NN, NT) or a [k, 1] column (TN).
                var row = Enumerable.Range(0, k).Select(p => kind == Kind.TN ? a[p * m + i] : a[i * k + p]).ToArray();
                var c = c0.AsSpan(i * n, n).ToArray();
                RunDefault(kind, row, b, c, 1, k, n, 1);
                Assert.True(batch.AsSpan(i * n, n).SequenceEqual(c), $"{kind} {m}x{k}x{n}: row {i} differs from the row alone");
            }
        }
    }

    /// <summary>A warm call allocates nothing on the calling thread, split or not, in both element types.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_warm_call_allocates_nothing(Kind kind)
    {
        foreach (var (m, k, n) in new[] { (32, 320, 1024), (1, 132, 400), (7, 33, 17) })
        {
            var (af, bf, cf) = (new float[m * k], new float[k * n], new float[m * n]);
            var (ad, bd, cd) = (new double[m * k], new double[k * n], new double[m * n]);
            foreach (int threads in new[] { 1, 2 })
            {
                long floats = AllocationTests.AllocatedByWarm(() => RunDefault(kind, af, bf, cf, m, k, n, threads));
                long doubles = AllocationTests.AllocatedByWarm(() => RunDefault(kind, ad, bd, cd, m, k, n, threads));
                Assert.True(floats == 0 && doubles == 0, $"{kind} {m}x{k}x{n} on {threads} threads allocated {floats} (float32) and {doubles} (float64) bytes");
            }
        }
    }

    [Fact]
    public void The_thread_setting_rejects_less_than_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Max = 0);
}
