using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn.Training;

/// <summary>
/// Gradient clipping, in place and without allocating: element-wise clipping to [−c, c] (the course:
/// <c>np.clip(g, -5, 5)</c>) and global-norm clipping (the PTB recipe: all gradients scaled by c/‖g‖ when the
/// L2 norm over every gradient together exceeds c).
/// </summary>
public static class GradientClipping
{
    /// <summary>Clips every element of every gradient to [−<paramref name="limit"/>, <paramref name="limit"/>].
    /// NaN stays NaN.</summary>
    public static void ClipElementwise(IReadOnlyList<NamedTensor> gradients, double limit)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        CheckLimit(limit);
        for (int i = 0; i < gradients.Count; i++) ClipElementwise(gradients[i].Value, limit);
    }

    /// <summary>Clips every element of <paramref name="gradient"/> to [−<paramref name="limit"/>, <paramref name="limit"/>].</summary>
    public static void ClipElementwise(Tensor gradient, double limit)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        CheckLimit(limit);
        if (gradient.DType == DType.Float32)
        {
            var s = gradient.Floats;
            TensorPrimitives.Clamp(s, -(float)limit, (float)limit, s);
        }
        else
        {
            var s = gradient.Doubles;
            TensorPrimitives.Clamp(s, -limit, limit, s);
        }
    }

    /// <summary>The L2 norm of all gradients taken together, accumulated in double.</summary>
    public static double GlobalNorm(IReadOnlyList<NamedTensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        double sum = 0;
        for (int i = 0; i < gradients.Count; i++) sum += SumOfSquares(gradients[i].Value);
        return Math.Sqrt(sum);
    }

    /// <summary>The L2 norm of one tensor, accumulated in double.</summary>
    public static double Norm(Tensor tensor) => Math.Sqrt(SumOfSquares(tensor));

    /// <summary>
    /// Global-norm clipping: when the L2 norm over all gradients exceeds <paramref name="maxNorm"/>, multiplies
    /// every gradient by <c>maxNorm / norm</c>; otherwise leaves them unchanged.
    /// </summary>
    /// <returns>The global norm before clipping (NaN or ∞ when a gradient is; then nothing is scaled).</returns>
    public static double ClipGlobalNorm(IReadOnlyList<NamedTensor> gradients, double maxNorm)
    {
        CheckLimit(maxNorm);
        double norm = GlobalNorm(gradients);
        GradientAdjustment.ForGlobalNorm(norm, maxNorm).ApplyTo(gradients);
        return norm;
    }

    /// <summary>Per-tensor norm clipping (Nayan143's <c>clip_gradient</c>): each gradient whose own L2 norm
    /// exceeds <paramref name="maxNorm"/> is scaled to that norm.</summary>
    public static void ClipPerTensorNorm(IReadOnlyList<NamedTensor> gradients, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        CheckLimit(maxNorm);
        for (int i = 0; i < gradients.Count; i++)
        {
            double norm = Norm(gradients[i].Value);
            if (norm > maxNorm && double.IsFinite(norm)) Scale(gradients[i].Value, maxNorm / norm);
        }
    }

    /// <summary>Multiplies every gradient by <paramref name="factor"/>.</summary>
    public static void Scale(IReadOnlyList<NamedTensor> gradients, double factor)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        for (int i = 0; i < gradients.Count; i++) Scale(gradients[i].Value, factor);
    }

    /// <summary>Multiplies every element of <paramref name="tensor"/> by <paramref name="factor"/>.</summary>
    public static void Scale(Tensor tensor, double factor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DType == DType.Float32)
        {
            var s = tensor.Floats;
            TensorPrimitives.Multiply(s, (float)factor, s);
        }
        else
        {
            var s = tensor.Doubles;
            TensorPrimitives.Multiply(s, factor, s);
        }
    }

    private static double SumOfSquares(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.DType == DType.Float32 ? SumOfSquaresWidened(tensor.Floats) : TensorPrimitives.SumOfSquares<double>(tensor.Doubles);
    }

    /// <summary>Σx² of float32 values accumulated in float64 (so a large tensor's norm keeps its precision).</summary>
    private static double SumOfSquaresWidened(ReadOnlySpan<float> x)
    {
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(x.Slice(i)), out var lo, out var hi);
                acc0 += lo * lo;
                acc1 += hi * hi;
            }
        }
        double sum = Vector.Sum(acc0 + acc1);
        for (; i < x.Length; i++) sum += (double)x[i] * x[i];
        return sum;
    }

    private static void CheckLimit(double limit)
    {
        if (!(limit > 0) || double.IsInfinity(limit))
            throw new ArgumentOutOfRangeException(nameof(limit), $"A clipping threshold must be positive and finite; got {limit}.");
    }
}

/// <summary>A clipping rule chosen by configuration. <see cref="Clip"/> returns the global gradient norm
/// before clipping (for logging), whatever the rule.</summary>
public interface IGradientClipper
{
    double Clip(IReadOnlyList<NamedTensor> gradients);

    /// <summary>The global gradient norm before clipping, and what <see cref="Clip"/> would do to the gradients, without
    /// changing them: the <see cref="Trainer"/> hands the adjustment to an <see cref="Optimizer"/>, which applies it chunk
    /// by chunk as it updates. By default the gradients are clipped here and nothing is left to do.</summary>
    GradientAdjustment Plan(IReadOnlyList<NamedTensor> gradients, out double norm)
    {
        norm = Clip(gradients);
        return GradientAdjustment.None;
    }
}

/// <summary>No clipping (Asif-Islam); still reports the global norm.</summary>
public sealed class NoClipping : IGradientClipper
{
    public double Clip(IReadOnlyList<NamedTensor> gradients) => GradientClipping.GlobalNorm(gradients);

    public GradientAdjustment Plan(IReadOnlyList<NamedTensor> gradients, out double norm)
    {
        norm = GradientClipping.GlobalNorm(gradients);
        return GradientAdjustment.None;
    }
}

/// <summary>Element-wise clipping to [−Limit, Limit] (the course: 5).</summary>
public sealed class ElementwiseClipper(double limit) : IGradientClipper
{
    public double Limit { get; } = limit > 0 && double.IsFinite(limit) ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), $"A clipping threshold must be positive and finite; got {limit}.");

    public double Clip(IReadOnlyList<NamedTensor> gradients)
    {
        Plan(gradients, out double norm).ApplyTo(gradients);
        return norm;
    }

    public GradientAdjustment Plan(IReadOnlyList<NamedTensor> gradients, out double norm)
    {
        norm = GradientClipping.GlobalNorm(gradients);
        return GradientAdjustment.Clamp(Limit);
    }
}

/// <summary>Global-norm clipping to MaxNorm (the PTB recipe: 5).</summary>
public sealed class GlobalNormClipper(double maxNorm) : IGradientClipper
{
    public double MaxNorm { get; } = maxNorm > 0 && double.IsFinite(maxNorm) ? maxNorm
        : throw new ArgumentOutOfRangeException(nameof(maxNorm), $"A clipping threshold must be positive and finite; got {maxNorm}.");

    public double Clip(IReadOnlyList<NamedTensor> gradients) => GradientClipping.ClipGlobalNorm(gradients, MaxNorm);

    public GradientAdjustment Plan(IReadOnlyList<NamedTensor> gradients, out double norm)
    {
        norm = GradientClipping.GlobalNorm(gradients);
        return GradientAdjustment.ForGlobalNorm(norm, MaxNorm);
    }
}
