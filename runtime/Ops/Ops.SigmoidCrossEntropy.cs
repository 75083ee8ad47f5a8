using System.Numerics;

namespace AutoGradRnn;

/// <summary>The binary cross-entropy of sigmoid outputs against multi-hot targets, computed from the logits.</summary>
public static partial class Ops
{
    /// <summary>
    /// Σ_j −[y_j·log σ(z_j) + (1 − y_j)·log(1 − σ(z_j))] over the last axis: for one row of logits z [V] against
    /// targets y [V] (each in [0, 1], e.g. a multi-hot set), the sum; for a batch [B, V], the mean of the rows' sums.
    /// Computed as max(z, 0) − z·y + log(1 + e^−|z|), which neither overflows nor loses small values in float32.
    /// </summary>
    [DerivativeRule(nameof(SigmoidCrossEntropyBackward), Formula = "dlogits += dloss / B · (σ(logits) − targets); dtargets −= dloss / B · logits")]
    public static double SigmoidCrossEntropy(Tensor logits, Tensor targets)
    {
        Check.NotNull("SigmoidCrossEntropy", logits, targets);
        int rows = SigmoidCrossEntropyRows("SigmoidCrossEntropy", logits, targets);
        double total = logits.DType == DType.Float32
            ? SigmoidCrossEntropySum<float>(logits.Span<float>(), targets.Span<float>())
            : SigmoidCrossEntropySum<double>(logits.Span<double>(), targets.Span<double>());
        return total / rows;
    }

    /// <summary>dlogits += dloss / B · (σ(logits) − targets); dtargets −= dloss / B · logits (B = 1 for one row).</summary>
    [RuleReads(nameof(logits), nameof(targets))]
    public static void SigmoidCrossEntropyBackward(Tensor logits, Tensor targets, double loss, double dloss, Tensor? dlogits, Tensor? dtargets)
    {
        Check.NotNull("SigmoidCrossEntropyBackward", logits, targets);
        int rows = SigmoidCrossEntropyRows("SigmoidCrossEntropyBackward", logits, targets);
        Check.Adjoint("SigmoidCrossEntropyBackward", "dlogits", dlogits, logits);
        Check.Adjoint("SigmoidCrossEntropyBackward", "dtargets", dtargets, targets);
        double scale = dloss / rows;
        if (logits.DType == DType.Float32)
            SigmoidCrossEntropyBackward<float>(logits.Span<float>(), targets.Span<float>(), (float)scale, dlogits is null ? default : dlogits.Span<float>(), dtargets is null ? default : dtargets.Span<float>());
        else
            SigmoidCrossEntropyBackward<double>(logits.Span<double>(), targets.Span<double>(), scale, dlogits is null ? default : dlogits.Span<double>(), dtargets is null ? default : dtargets.Span<double>());
    }

    /// <summary>Checks the operands and returns B, the rows (1 for a vector).</summary>
    private static int SigmoidCrossEntropyRows(string op, Tensor logits, Tensor targets)
    {
        Check.Rank(op, "logits", logits, 1, 2);
        Check.SameDType(op, logits, targets);
        if (targets.Shape != logits.Shape)
            throw new ShapeException(op, $"targets {targets.Shape} must have the shape of the logits {logits.Shape}.");
        return logits.Shape.Rows;
    }

    /// <summary>Σ max(z, 0) − z·y + log(1 + e^−|z|), accumulated in double.</summary>
    private static double SigmoidCrossEntropySum<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int i = 0; i < z.Length; i++)
            total += double.CreateChecked(T.Max(z[i], T.Zero) - z[i] * y[i] + T.LogP1(T.Exp(-T.Abs(z[i]))));
        return total;
    }

    /// <summary>dz += scale·(σ(z) − y) and dy −= scale·z, straight into the adjoints (an empty span is skipped).</summary>
    private static void SigmoidCrossEntropyBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, T scale, Span<T> dz, Span<T> dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!dz.IsEmpty)
            for (int i = 0; i < z.Length; i++) dz[i] += scale * (T.One / (T.One + T.Exp(-z[i])) - y[i]);
        if (!dy.IsEmpty)
            for (int i = 0; i < z.Length; i++) dy[i] -= scale * z[i];
    }
}
