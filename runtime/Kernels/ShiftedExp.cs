using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>
/// The exponential passes of softmax, log-softmax and cross-entropy, vectorised without a heap buffer: e^(x − shift) is
/// formed chunk by chunk in stack scratch that stays in L1. With the row maximum as the shift no exponent overflows.
/// </summary>
internal static class ShiftedExp
{
    /// <summary>Elements per chunk: 1 KB of float scratch, 2 KB of double.</summary>
    private const int Chunk = 256;

    /// <summary>Σᵢ e^(xᵢ − shift).</summary>
    public static T Sum<T>(ReadOnlySpan<T> x, T shift) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scratch = stackalloc T[Chunk];
        T sum = T.Zero;
        for (int start = 0; start < x.Length; start += Chunk)
        {
            var t = scratch[..Math.Min(Chunk, x.Length - start)];
            TensorPrimitives.Subtract(x.Slice(start, t.Length), shift, t);
            TensorPrimitives.Exp(t, t);
            sum += TensorPrimitives.Sum<T>(t);
        }
        return sum;
    }

    /// <summary>dst += scale · e^(x − shift), element by element.</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T shift, T scale, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scratch = stackalloc T[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            var t = scratch[..Math.Min(Chunk, x.Length - start)];
            var d = dst.Slice(start, t.Length);
            TensorPrimitives.Subtract(x.Slice(start, t.Length), shift, t);
            TensorPrimitives.Exp(t, t);
            TensorPrimitives.MultiplyAdd(t, scale, d, d);
        }
    }
}
