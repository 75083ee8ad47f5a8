using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>The row loops of cross-entropy and its rule: each row independent, so rows over a large vocabulary are
/// split between the kernel threads (<see cref="RowParallel"/>); the loss is summed in row order whatever the split.</summary>
public static unsafe partial class Ops
{
    /// <summary>Rows of losses kept on the stack for an ordered sum; more rows than this are summed on one thread.</summary>
    private const int MaxParallelLossRows = 4096;

    private static double CrossEntropyRows(Tensor logits, ReadOnlySpan<int> targets, string op)
    {
        int cols = logits.Shape.Last;
        CheckTargets(op, targets, cols);
        return logits.DType == DType.Float32 ? CrossEntropyRows<float>(logits.Span<float>(), targets, cols) : CrossEntropyRows<double>(logits.Span<double>(), targets, cols);
    }

    private static double CrossEntropyRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> targets, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = targets.Length;
        double total = 0;
        if (rows > MaxParallelLossRows)
        {
            for (int r = 0; r < rows; r++) total += double.CreateChecked(NegLogSoftmaxAt(x.Slice(r * cols, cols), targets[r]));
            return total;
        }
        Span<double> losses = stackalloc double[rows];
        fixed (T* px = x)
        fixed (int* pt = targets)
        fixed (double* pl = losses)
        {
            var job = new RowsJob<T> { X = px, Targets = pt, Out = pl, Cols = cols };
            RowParallel.For(rows, cols, &LossRow<T>, &job);
        }
        foreach (double loss in losses) total += loss;
        return total;
    }

    private static void CrossEntropyRowsBackward(Tensor logits, ReadOnlySpan<int> targets, double scale, Tensor? dlogits, string op)
    {
        Check.Adjoint(op, "dlogits", dlogits, logits);
        CheckTargets(op, targets, logits.Shape.Last);
        if (dlogits is null) return;
        if (logits.DType == DType.Float32) CrossEntropyRowsBackward<float>(logits.Span<float>(), targets, (float)scale, dlogits.Span<float>(), logits.Shape.Last);
        else CrossEntropyRowsBackward<double>(logits.Span<double>(), targets, scale, dlogits.Span<double>(), logits.Shape.Last);
    }

    /// <summary>dx[r] += scale · (softmax(x[r]) − onehot(targets[r])), straight into the adjoint: one pass for the
    /// row maximum, one for the sum of exponentials, one that adds.</summary>
    private static void CrossEntropyRowsBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> targets, T scale, Span<T> dx, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x)
        fixed (int* pt = targets)
        fixed (T* pd = dx)
        {
            var job = new RowsJob<T> { X = px, Targets = pt, Dx = pd, Scale = scale, Cols = cols };
            RowParallel.For(targets.Length, cols, &BackwardRow<T>, &job);
        }
    }

    /// <summary>One call's rows: the logits, the targets, and the loss per row (forward) or the adjoint and its scale (rule).</summary>
    private struct RowsJob<T> where T : unmanaged
    {
        public T* X;
        public int* Targets;
        public double* Out;
        public T* Dx;
        public T Scale;
        public int Cols;
    }

    private static void LossRow<T>(void* state, int r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(RowsJob<T>*)state;
        job.Out[r] = double.CreateChecked(NegLogSoftmaxAt(new ReadOnlySpan<T>(job.X + (nint)r * job.Cols, job.Cols), job.Targets[r]));
    }

    private static void BackwardRow<T>(void* state, int r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(RowsJob<T>*)state;
        var xr = new ReadOnlySpan<T>(job.X + (nint)r * job.Cols, job.Cols);
        var dr = new Span<T>(job.Dx + (nint)r * job.Cols, job.Cols);
        T max = TensorPrimitives.Max(xr);
        ShiftedExp.AddScaled(xr, max, job.Scale / ShiftedExp.Sum(xr, max), dr);
        dr[job.Targets[r]] -= job.Scale;
    }

    private static T NegLogSoftmaxAt<T>(ReadOnlySpan<T> x, int target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(x);
        return max + T.Log(ShiftedExp.Sum(x, max)) - x[target];
    }
}
