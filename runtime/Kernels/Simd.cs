using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoGradRnn;

/// <summary>
/// The vector operations the matrix kernels use, for one vector type <typeparamref name="TV"/> of element type
/// <typeparamref name="T"/> (float or double). The kernels are written once, generic over an implementation of this
/// interface; the JIT compiles one specialised copy per width and element type and inlines every call, so a
/// kernel over <see cref="Simd512{T}"/> is plain AVX-512 code with its accumulators in registers.
/// </summary>
/// <remarks>
/// Every sum of vector lanes (<see cref="Sum"/>, <see cref="AddSums4"/>) adds in one fixed tree: the upper half of the
/// lanes onto the lower half, repeatedly, down to four lanes q, then (q0 + q2) + (q1 + q3) (two lanes: q0 + q1). A dot
/// product therefore gives the same bits whichever kernel computes it.
/// </remarks>
internal unsafe interface ISimd<T, TV> where T : unmanaged where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(T* p);

    static abstract void Store(T* p, TV v);

    static abstract TV Broadcast(T x);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    /// <summary>The mask that <see cref="LoadFirst"/> takes: lanes below <paramref name="count"/> set.</summary>
    static abstract TV FirstLanes(int count);

    /// <summary>The first <paramref name="count"/> elements at <paramref name="p"/> in the low lanes, zero in the others;
    /// reads nothing at or past p + count. <paramref name="mask"/> is <see cref="FirstLanes"/>(count).</summary>
    static abstract TV LoadFirst(T* p, TV mask, int count);

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="v"/> at <paramref name="p"/>; writes nothing
    /// at or past p + count. <paramref name="mask"/> is <see cref="FirstLanes"/>(count).</summary>
    static abstract void StoreFirst(T* p, TV v, TV mask, int count);

    /// <summary>The sum of the lanes, in the fixed tree.</summary>
    static abstract T Sum(TV v);

    /// <summary>dst[0..3] += (Σa, Σb, Σc, Σd), each sum in the fixed tree.</summary>
    static abstract void AddSums4(T* dst, TV a, TV b, TV c, TV d);
}

/// <summary>Scalar helpers shared by the kernels.</summary>
internal static class Scalar
{
    /// <summary>a·b + c rounded once: the same value as one lane of a vector FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fma<T>(T a, T b, T c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.FusedMultiplyAdd((float)(object)a, (float)(object)b, (float)(object)c);
        return (T)(object)Math.FusedMultiplyAdd((double)(object)a, (double)(object)b, (double)(object)c);
    }

    /// <summary>The fixed tree's last step over four lanes: (q0 + q2) + (q1 + q3), or q0 + q1 for two lanes of double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T>(Vector128<T> q) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var f = q.AsSingle();
            return (T)(object)((f.GetElement(0) + f.GetElement(2)) + (f.GetElement(1) + f.GetElement(3)));
        }
        var d = q.AsDouble();
        return (T)(object)(d.GetElement(0) + d.GetElement(1));
    }

    /// <summary>dst[0..3] += the sums of four 128-bit vectors, each in the fixed tree's last step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AddSums4<T>(T* dst, Vector128<T> x, Vector128<T> y, Vector128<T> z, Vector128<T> w) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Vector128<float> xy, zw, sums;
            if (Sse.IsSupported)
            {
                // movlhps/movhlps: [x0, x1, y0, y1] + [x2, x3, y2, y3]; then shufps pairs (x0+x2) with (x1+x3).
                xy = Sse.MoveLowToHigh(x.AsSingle(), y.AsSingle()) + Sse.MoveHighToLow(y.AsSingle(), x.AsSingle());
                zw = Sse.MoveLowToHigh(z.AsSingle(), w.AsSingle()) + Sse.MoveHighToLow(w.AsSingle(), z.AsSingle());
                sums = Sse.Shuffle(xy, zw, 0b10_00_10_00) + Sse.Shuffle(xy, zw, 0b11_01_11_01);
            }
            else
            {
                xy = Vector128.Create(x.GetLower(), y.GetLower()).AsSingle() + Vector128.Create(x.GetUpper(), y.GetUpper()).AsSingle();
                zw = Vector128.Create(z.GetLower(), w.GetLower()).AsSingle() + Vector128.Create(z.GetUpper(), w.GetUpper()).AsSingle();
                var xyPairs = xy + Vector128.Shuffle(xy, Vector128.Create(1, 0, 3, 2));
                var zwPairs = zw + Vector128.Shuffle(zw, Vector128.Create(1, 0, 3, 2));
                sums = Vector128.Create(
                    Vector128.Shuffle(xyPairs, Vector128.Create(0, 2, 0, 2)).GetLower(),
                    Vector128.Shuffle(zwPairs, Vector128.Create(0, 2, 0, 2)).GetLower());
            }
            var f = (float*)dst;
            (Vector128.Load(f) + sums).Store(f);
        }
        else
        {
            // Two lanes each: q0 + q1.
            Vector128<double> xy, zw;
            if (Sse2.IsSupported)
            {
                xy = Sse2.UnpackLow(x.AsDouble(), y.AsDouble()) + Sse2.UnpackHigh(x.AsDouble(), y.AsDouble());
                zw = Sse2.UnpackLow(z.AsDouble(), w.AsDouble()) + Sse2.UnpackHigh(z.AsDouble(), w.AsDouble());
            }
            else
            {
                xy = Vector128.Create(x.GetLower(), y.GetLower()).AsDouble() + Vector128.Create(x.GetUpper(), y.GetUpper()).AsDouble();
                zw = Vector128.Create(z.GetLower(), w.GetLower()).AsDouble() + Vector128.Create(z.GetUpper(), w.GetUpper()).AsDouble();
            }
            var d = (double*)dst;
            (Vector128.Load(d) + xy).Store(d);
            (Vector128.Load(d + 2) + zw).Store(d + 2);
        }
    }
}

/// <summary>AVX-512: 16 floats or 8 doubles per vector, 32 registers.</summary>
internal readonly unsafe struct Simd512<T> : ISimd<T, Vector512<T>> where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* p) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* p, Vector512<T> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T x) => Vector512.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float)) return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
        return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadFirst(T* p, Vector512<T> mask, int count)
    {
        // A masked load suppresses faults in the masked-off lanes, so it never touches memory past p + count.
        if (typeof(T) == typeof(float)) return Avx512F.MaskLoad((float*)p, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
        return Avx512F.MaskLoad((double*)p, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(T* p, Vector512<T> v, Vector512<T> mask, int count)
    {
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)p, mask.AsSingle(), v.AsSingle());
        else Avx512F.MaskStore((double*)p, mask.AsDouble(), v.AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> v) => Simd256<T>.Sum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(T* dst, Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d) =>
        Simd256<T>.AddSums4(dst, a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());
}

/// <summary>AVX2 with FMA: 8 floats or 4 doubles per vector.</summary>
internal readonly unsafe struct Simd256<T> : ISimd<T, Vector256<T>> where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* p) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* p, Vector256<T> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float)) return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();
        return Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadFirst(T* p, Vector256<T> mask, int count)
    {
        // vmaskmov does not fault on masked-off lanes.
        if (typeof(T) == typeof(float)) return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(T* p, Vector256<T> v, Vector256<T> mask, int count)
    {
        if (typeof(T) == typeof(float)) Avx.MaskStore((float*)p, mask.AsSingle(), v.AsSingle());
        else Avx.MaskStore((double*)p, mask.AsDouble(), v.AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> v) => Scalar.Sum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(T* dst, Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d) =>
        Scalar.AddSums4(dst, a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());
}

/// <summary>128-bit vectors with FMA (x86 FMA3 or Arm AdvSimd): 4 floats or 2 doubles per vector.</summary>
internal readonly unsafe struct Simd128<T> : ISimd<T, Vector128<T>> where T : unmanaged
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* p) => Vector128.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* p, Vector128<T> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T x) => Vector128.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float)) return Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).As<int, T>();
        return Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadFirst(T* p, Vector128<T> mask, int count)
    {
        if (Avx.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
            return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
        }
        var v = Vector128<T>.Zero;
        for (int i = 0; i < count; i++) v = v.WithElement(i, p[i]);
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(T* p, Vector128<T> v, Vector128<T> mask, int count)
    {
        if (Avx.IsSupported)
        {
            if (typeof(T) == typeof(float)) Avx.MaskStore((float*)p, mask.AsSingle(), v.AsSingle());
            else Avx.MaskStore((double*)p, mask.AsDouble(), v.AsDouble());
            return;
        }
        for (int i = 0; i < count; i++) p[i] = v.GetElement(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> v) => Scalar.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(T* dst, Vector128<T> a, Vector128<T> b, Vector128<T> c, Vector128<T> d) => Scalar.AddSums4(dst, a, b, c, d);
}
