namespace AutoGradRnn;

public static partial class Ops
{
    /// <summary>Rows <c>start … start + count − 1</c> of a matrix x [N, F]: [count, F]. In a window of T·B time-major
    /// rows, the outputs of steps <c>t … t + n − 1</c> are <c>RowRange(hs, t·B, n·B)</c>.</summary>
    [DerivativeRule(nameof(RowRangeBackward), Formula = "dx[start : start + count, …] += dy", Into = nameof(RowRange), Shape = "count, x[-1]")]
    public static Tensor RowRange(Tensor x, int start, int count) => RowRange(x, start, count, null);

    /// <summary>Rows <c>start … start + count − 1</c> of x, written into <paramref name="into"/> when it fits
    /// (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor RowRange(Tensor x, int start, int count, Tensor? into)
    {
        Check.NotNull("RowRange", x);
        CheckRowRange("RowRange", x, start, count);
        Check.NotAnInput("RowRange", into, x);
        var y = Tensor.Reuse(into, x.DType, new Shape(count, x.Shape.Last), zero: false);
        int f = x.Shape.Last;
        if (x.DType == DType.Float32) x.Span<float>().Slice(start * f, count * f).CopyTo(y.Span<float>());
        else x.Span<double>().Slice(start * f, count * f).CopyTo(y.Span<double>());
        return y;
    }

    /// <summary>dx[start : start + count, …] += dy.</summary>
    [RuleReads]
    public static void RowRangeBackward(Tensor x, int start, int count, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("RowRangeBackward", x, y, dy);
        CheckRowRange("RowRangeBackward", x, start, count);
        Check.SameShape("RowRangeBackward", y, dy);
        if (dy.Shape != new Shape(count, x.Shape.Last))
            throw new ShapeException("RowRangeBackward", $"adjoint dy has shape {dy.Shape}; rows {start}…{start + count - 1} of x {x.Shape} are [{count}, {x.Shape.Last}].");
        Check.Adjoint("RowRangeBackward", "dx", dx, x);
        if (dx is null) return;
        int f = x.Shape.Last;
        if (dx.DType == DType.Float32)
        {
            var d = dx.Span<float>().Slice(start * f, count * f);
            System.Numerics.Tensors.TensorPrimitives.Add(d, dy.Span<float>(), d);
        }
        else
        {
            var d = dx.Span<double>().Slice(start * f, count * f);
            System.Numerics.Tensors.TensorPrimitives.Add(d, dy.Span<double>(), d);
        }
    }

    private static void CheckRowRange(string op, Tensor x, int start, int count)
    {
        Check.Rank(op, "x", x, 2, 2);
        if (start < 0 || count < 0 || start + count > x.Shape[0])
            throw new ShapeException(op, $"rows [{start}, {start + count}) are outside the {x.Shape[0]} rows of {x.Shape}.");
    }
}
