using System.Numerics;

namespace AutoGradRnn;

/// <summary>Each row standardised to mean 0 and variance 1: the normalisation inside layer norm, over the last axis of a
/// vector or of every row of a batch, so it is right at any batch size.</summary>
public static partial class Ops
{
    /// <summary>y = (x − μ) / √(σ² + ε) per row, μ and σ² the row's mean and (biased) variance. Scale and shift with
    /// learned weights after it (<c>RowNormalize(h, 1e-5) * p.Gain + p.Bias</c>) for layer norm.</summary>
    [DerivativeRule(nameof(RowNormalizeBackward), Formula = "dx += (dy − mean(dy) − y ∘ mean(dy ∘ y)) / σ; deps −= ⟨dy, y⟩ / (2σ²) per row", Into = nameof(RowNormalize), Shape = "x", RowWise = "x")]
    public static Tensor RowNormalize(Tensor x, double eps) => RowNormalize(x, eps, null);

    /// <summary>The row normalisation, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor RowNormalize(Tensor x, double eps, Tensor? into)
    {
        Check.NotNull("RowNormalize", x);
        Check.NotAnInput("RowNormalize", into, x);
        if (x.Rank == 0) throw new ShapeException("RowNormalize", $"needs a vector or rows; got the scalar shape {x.Shape}.");
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) RowNormalize<float>(x.Span<float>(), x.Shape.Last, eps, y.Span<float>());
        else RowNormalize<double>(x.Span<double>(), x.Shape.Last, eps, y.Span<double>());
        return y;
    }

    /// <summary>dx += (dy − mean(dy) − y ∘ mean(dy ∘ y)) / σ and deps −= Σ dy ∘ y / (2σ²), per row (σ = √(σ² + ε)).</summary>
    [RuleReads(nameof(x), nameof(y))]
    public static void RowNormalizeBackward(Tensor x, double eps, Tensor y, Tensor dy, Tensor? dx, ref double deps)
    {
        Check.NotNull("RowNormalizeBackward", x, y, dy);
        Check.SameShape("RowNormalizeBackward", x, y);
        Check.SameShape("RowNormalizeBackward", y, dy);
        Check.Adjoint("RowNormalizeBackward", "dx", dx, x);
        if (x.DType == DType.Float32) deps += RowNormalizeBackward<float>(x.Span<float>(), x.Shape.Last, eps, y.Span<float>(), dy.Span<float>(), dx is null ? default : dx.Span<float>());
        else deps += RowNormalizeBackward<double>(x.Span<double>(), x.Shape.Last, eps, y.Span<double>(), dy.Span<double>(), dx is null ? default : dx.Span<double>());
    }

    /// <summary>The row's mean and √(variance + ε), summed in double.</summary>
    private static (double Mean, double Sigma) RowMoments<T>(ReadOnlySpan<T> row, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double mean = 0;
        foreach (var v in row) mean += double.CreateTruncating(v);
        mean /= row.Length;
        double variance = 0;
        foreach (var v in row)
        {
            double d = double.CreateTruncating(v) - mean;
            variance += d * d;
        }
        return (mean, Math.Sqrt(variance / row.Length + eps));
    }

    private static void RowNormalize<T>(ReadOnlySpan<T> x, int n, double eps, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start < x.Length; start += n)
        {
            var row = x.Slice(start, n);
            var (mean, sigma) = RowMoments(row, eps);
            for (int j = 0; j < n; j++) y[start + j] = T.CreateTruncating((double.CreateTruncating(row[j]) - mean) / sigma);
        }
    }

    private static double RowNormalizeBackward<T>(ReadOnlySpan<T> x, int n, double eps, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double deps = 0;
        for (int start = 0; start < x.Length; start += n)
        {
            var (_, sigma) = RowMoments(x.Slice(start, n), eps);
            double meanDy = 0, meanDyY = 0;
            for (int j = 0; j < n; j++)
            {
                double g = double.CreateTruncating(dy[start + j]);
                meanDy += g;
                meanDyY += g * double.CreateTruncating(y[start + j]);
            }
            deps -= meanDyY / (2 * sigma * sigma);
            meanDy /= n;
            meanDyY /= n;
            if (dx.IsEmpty) continue;
            for (int j = 0; j < n; j++)
            {
                double yj = double.CreateTruncating(y[start + j]);
                dx[start + j] += T.CreateTruncating((double.CreateTruncating(dy[start + j]) - meanDy - yj * meanDyY) / sigma);
            }
        }
        return deps;
    }
}
