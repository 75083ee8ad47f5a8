using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Softmax, log-softmax and the cross-entropy of logits against integer targets, along the last axis.</summary>
public static partial class Ops
{
    /// <summary>softmax over the last axis: e^x / Σ e^x, per row.</summary>
    [DerivativeRule(nameof(SoftmaxBackward), Formula = "dx += y ∘ (dy − ⟨dy, y⟩)", Into = nameof(Softmax), Shape = "x", RowWise = "x")]
    public static Tensor Softmax(Tensor x) => Softmax(x, null);

    /// <summary>softmax over the last axis, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>),
    /// else into a new tensor.</summary>
    public static Tensor Softmax(Tensor x, Tensor? into)
    {
        Check.NotNull("Softmax", x);
        Check.Rank("Softmax", "x", x, 1, Shape.MaxRank);
        Check.NotAnInput("Softmax", into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) SoftmaxRows<float>(x.Span<float>(), y.Span<float>(), x.Shape.Last);
        else SoftmaxRows<double>(x.Span<double>(), y.Span<double>(), x.Shape.Last);
        return y;
    }

    /// <summary>dx += y ∘ (dy − ⟨dy, y⟩), per row.</summary>
    [RuleReads(nameof(y))]
    public static void SoftmaxBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("SoftmaxBackward", x, y, dy);
        Check.SameShape("SoftmaxBackward", y, dy);
        Check.Adjoint("SoftmaxBackward", "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) SoftmaxBackwardRows<float>(y.Span<float>(), dy.Span<float>(), dx.Span<float>(), x.Shape.Last);
        else SoftmaxBackwardRows<double>(y.Span<double>(), dy.Span<double>(), dx.Span<double>(), x.Shape.Last);
    }

    private static void SoftmaxBackwardRows<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < dx.Length / cols; r++)
        {
            var yr = y.Slice(r * cols, cols);
            var gr = dy.Slice(r * cols, cols);
            var dr = dx.Slice(r * cols, cols);
            T inner = TensorPrimitives.Dot(gr, yr);
            TensorPrimitives.MultiplyAdd(yr, gr, dr, dr);     // dx += y∘dy
            TensorPrimitives.MultiplyAdd(yr, -inner, dr, dr); // dx −= ⟨dy, y⟩ y
        }
    }

    /// <summary>log softmax over the last axis: x − log Σ e^x, per row.</summary>
    [DerivativeRule(nameof(LogSoftmaxBackward), Formula = "dx += dy − exp(y) · Σ dy", Into = nameof(LogSoftmax), Shape = "x", RowWise = "x")]
    public static Tensor LogSoftmax(Tensor x) => LogSoftmax(x, null);

    /// <summary>log softmax over the last axis, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>),
    /// else into a new tensor.</summary>
    public static Tensor LogSoftmax(Tensor x, Tensor? into)
    {
        Check.NotNull("LogSoftmax", x);
        Check.Rank("LogSoftmax", "x", x, 1, Shape.MaxRank);
        Check.NotAnInput("LogSoftmax", into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) LogSoftmaxRows<float>(x.Span<float>(), y.Span<float>(), x.Shape.Last);
        else LogSoftmaxRows<double>(x.Span<double>(), y.Span<double>(), x.Shape.Last);
        return y;
    }

    /// <summary>dx += dy − e^y · Σ dy, per row.</summary>
    [RuleReads(nameof(y))]
    public static void LogSoftmaxBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("LogSoftmaxBackward", x, y, dy);
        Check.SameShape("LogSoftmaxBackward", y, dy);
        Check.Adjoint("LogSoftmaxBackward", "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) LogSoftmaxBackwardRows<float>(y.Span<float>(), dy.Span<float>(), dx.Span<float>(), x.Shape.Last);
        else LogSoftmaxBackwardRows<double>(y.Span<double>(), dy.Span<double>(), dx.Span<double>(), x.Shape.Last);
    }

    private static void LogSoftmaxBackwardRows<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < dx.Length / cols; r++)
        {
            var yr = y.Slice(r * cols, cols);
            var gr = dy.Slice(r * cols, cols);
            var dr = dx.Slice(r * cols, cols);
            T total = TensorPrimitives.Sum(gr);
            TensorPrimitives.Add(dr, gr, dr);
            ShiftedExp.AddScaled(yr, T.Zero, -total, dr);
        }
    }

    /// <summary>−log softmax(logits)[target]: the cross-entropy of one row of logits [V] against an integer target.</summary>
    [DerivativeRule(nameof(CrossEntropyBackward), Formula = "dlogits += dloss · (softmax(logits) − onehot(target))")]
    public static double CrossEntropy(Tensor logits, int target)
    {
        Check.NotNull("CrossEntropy", logits);
        Check.Rank("CrossEntropy", "logits", logits, 1, 1);
        return CrossEntropyRows(logits, new ReadOnlySpan<int>(in target), "CrossEntropy");
    }

    /// <summary>dlogits += dloss · (softmax(logits) − onehot(target)).</summary>
    [RuleReads(nameof(logits))]
    public static void CrossEntropyBackward(Tensor logits, int target, double loss, double dloss, Tensor? dlogits)
    {
        Check.NotNull("CrossEntropyBackward", logits);
        Check.Rank("CrossEntropyBackward", "logits", logits, 1, 1);
        CrossEntropyRowsBackward(logits, new ReadOnlySpan<int>(in target), dloss, dlogits, "CrossEntropyBackward");
    }

    /// <summary>The mean over rows of the cross-entropy of logits [B,V] against one target per row.</summary>
    [DerivativeRule(nameof(CrossEntropyBackward), Formula = "dlogits[b] += dloss / B · (softmax(logits[b]) − onehot(targets[b]))")]
    public static double CrossEntropy(Tensor logits, int[] targets)
    {
        Check.NotNull("CrossEntropy", logits);
        CheckBatchTargets("CrossEntropy", logits, targets);
        return CrossEntropyRows(logits, targets, "CrossEntropy") / targets.Length;
    }

    /// <summary>dlogits[b] += dloss / B · (softmax(logits[b]) − onehot(targets[b])).</summary>
    [RuleReads(nameof(logits))]
    public static void CrossEntropyBackward(Tensor logits, int[] targets, double loss, double dloss, Tensor? dlogits)
    {
        Check.NotNull("CrossEntropyBackward", logits);
        CheckBatchTargets("CrossEntropyBackward", logits, targets);
        CrossEntropyRowsBackward(logits, targets, dloss / targets.Length, dlogits, "CrossEntropyBackward");
    }

    private static void CheckBatchTargets(string op, Tensor logits, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Check.Rank(op, "logits", logits, 2, 2);
        if (targets.Length != logits.Shape[0])
            throw new ShapeException(op, $"logits {logits.Shape} have {logits.Shape[0]} rows but {targets.Length} targets were given.");
    }

    private static void CheckTargets(string op, ReadOnlySpan<int> targets, int cols)
    {
        foreach (int target in targets) Check.Index(op, "target", target, cols);
    }

    private static void SoftmaxRows<T>(ReadOnlySpan<T> x, Span<T> y, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < x.Length / cols; r++)
        {
            var xr = x.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            TensorPrimitives.Divide(yr, TensorPrimitives.Sum<T>(yr), yr);
        }
    }

    private static void LogSoftmaxRows<T>(ReadOnlySpan<T> x, Span<T> y, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < x.Length / cols; r++)
        {
            var xr = x.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max + T.Log(ShiftedExp.Sum(xr, max)), yr);
        }
    }
}
