using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn.Training;

/// <summary>
/// What a clipping rule does to the gradients, decided from them before anything changes: clamp every element to
/// [−<see cref="Limit"/>, <see cref="Limit"/>], multiply every element by <see cref="Factor"/>, both (clamp first), or
/// neither. An <see cref="Optimizer"/> applies it chunk by chunk inside its update (<see cref="Optimizer.Step(IReadOnlyList{NamedTensor}, IReadOnlyList{NamedTensor}, GradientAdjustment)"/>),
/// so the gradients are not streamed once more just to be clipped; the values are the same as <see cref="ApplyTo(Tensor)"/>
/// followed by the plain step.
/// </summary>
public readonly record struct GradientAdjustment(double Limit, double Factor)
{
    /// <summary>Leave the gradients as they are.</summary>
    public static GradientAdjustment None => new(double.PositiveInfinity, 1);

    /// <summary>Clamp every element to [−limit, limit].</summary>
    public static GradientAdjustment Clamp(double limit) => new(limit, 1);

    /// <summary>Multiply every element by factor.</summary>
    public static GradientAdjustment Scale(double factor) => new(double.PositiveInfinity, factor);

    /// <summary>Global-norm clipping's decision: scale by maxNorm / norm when the norm exceeds maxNorm (and is finite),
    /// else nothing.</summary>
    public static GradientAdjustment ForGlobalNorm(double norm, double maxNorm) =>
        norm > maxNorm && double.IsFinite(norm) ? Scale(maxNorm / norm) : None;

    /// <summary>Whether it changes nothing.</summary>
    public bool IsNone => double.IsPositiveInfinity(Limit) && Factor == 1;

    /// <summary>Applies it to every gradient in place.</summary>
    public void ApplyTo(IReadOnlyList<NamedTensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (IsNone) return;
        for (int i = 0; i < gradients.Count; i++) ApplyTo(gradients[i].Value);
    }

    /// <summary>Applies it to one gradient in place.</summary>
    public void ApplyTo(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.DType == DType.Float32) ApplyTo(gradient.Floats);
        else ApplyTo(gradient.Doubles);
    }

    /// <summary>Applies it to a span of gradient elements in place (each element on its own: any chunking gives the
    /// same values).</summary>
    public void ApplyTo<T>(Span<T> gradient) where T : IFloatingPointIeee754<T>
    {
        if (!double.IsPositiveInfinity(Limit))
        {
            var limit = T.CreateTruncating(Limit);
            TensorPrimitives.Clamp<T>(gradient, -limit, limit, gradient);
        }
        if (Factor != 1) TensorPrimitives.Multiply<T>(gradient, T.CreateTruncating(Factor), gradient);
    }
}
