using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Joining and splitting along the last axis: [x; h] and the gate split of a [4H] pre-activation,
/// for a single vector or for every row of a batch.</summary>
public static partial class Ops
{
    /// <summary>[a; b], joined along the last axis; a and b have the same leading dimensions.</summary>
    [DerivativeRule(nameof(ConcatBackward), Formula = "da += dy[…, :len(a)]; db += dy[…, len(a):]", Into = nameof(Concat), Shape = "a[..-1], a[-1] + b[-1]", RowWise = "a, b")]
    public static Tensor Concat(Tensor a, Tensor b) => Concat(a, b, null);

    /// <summary>[a; b], written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Concat(Tensor a, Tensor b, Tensor? into)
    {
        Check.NotNull("Concat", a, b);
        var shape = ConcatShape("Concat", a, b);
        Check.NotAnInput("Concat", into, a, b);
        var y = Tensor.Reuse(into, a.DType, shape, zero: false);
        if (a.DType == DType.Float32) ConcatRows<float>(a, b, a.Shape.Last, y, forward: true);
        else ConcatRows<double>(a, b, a.Shape.Last, y, forward: true);
        return y;
    }

    /// <summary>da += dy[…, :A], db += dy[…, A:].</summary>
    [RuleReads]
    public static void ConcatBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
    {
        Check.NotNull("ConcatBackward", a, b, y, dy);
        var shape = ConcatShape("ConcatBackward", a, b);
        if (dy.Shape != shape) throw new ShapeException("ConcatBackward", $"adjoint dy has shape {dy.Shape}, the result has {shape}.");
        Check.Adjoint("ConcatBackward", "da", da, a);
        Check.Adjoint("ConcatBackward", "db", db, b);
        if (a.DType == DType.Float32) ConcatRows<float>(da, db, a.Shape.Last, dy, forward: false);
        else ConcatRows<double>(da, db, a.Shape.Last, dy, forward: false);
    }

    private static Shape ConcatShape(string op, Tensor a, Tensor b)
    {
        Check.SameDType(op, a, b);
        bool leadingMatch = a.Rank == b.Rank && a.Rank >= 1;
        for (int axis = 0; leadingMatch && axis < a.Rank - 1; axis++) leadingMatch = a.Shape[axis] == b.Shape[axis];
        if (!leadingMatch)
            throw new ShapeException(op, $"shapes {a.Shape} and {b.Shape} can only be joined when all but their last dimensions match.");
        return a.Shape.WithLast(a.Shape.Last + b.Shape.Last);
    }

    /// <summary>Forward: copies the rows of a and b into y. Backward: adds the parts of y into a and b.</summary>
    private static void ConcatRows<T>(Tensor? a, Tensor? b, int colsA, Tensor y, bool forward) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = y.Shape.Last, rows = y.Shape.Rows, colsB = cols - colsA;
        var ys = y.Span<T>();
        for (int r = 0; r < rows; r++)
        {
            var yr = ys.Slice(r * cols, cols);
            if (a is not null) MoveRow(a.Span<T>().Slice(r * colsA, colsA), yr.Slice(0, colsA), forward);
            if (b is not null) MoveRow(b.Span<T>().Slice(r * colsB, colsB), yr.Slice(colsA, colsB), forward);
        }
    }

    private static void MoveRow<T>(Span<T> part, Span<T> whole, bool forward) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (forward) part.CopyTo(whole);
        else TensorPrimitives.Add(part, whole, part);
    }

    /// <summary>Part <paramref name="index"/> of <paramref name="count"/> equal parts of the last axis
    /// (gate <c>index</c> of a [count·H] pre-activation), for a vector or for every row of a batch.</summary>
    [DerivativeRule(nameof(SliceBackward), Formula = "dx[…, part index of count] += dy", Into = nameof(Slice), Shape = "x[..-1], x[-1] / count", RowWise = "x")]
    public static Tensor Slice(Tensor x, int index, int count) => Slice(x, index, count, null);

    /// <summary>Part <paramref name="index"/> of <paramref name="count"/>, written into <paramref name="into"/> when it fits
    /// (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Slice(Tensor x, int index, int count, Tensor? into)
    {
        Check.NotNull("Slice", x);
        var (start, length) = PartRange("Slice", x, index, count);
        return SliceRangeCore("Slice", x, start, length, into);
    }

    /// <summary>dx[…, part] += dy.</summary>
    [RuleReads]
    public static void SliceBackward(Tensor x, int index, int count, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("SliceBackward", x, y, dy);
        var (start, length) = PartRange("SliceBackward", x, index, count);
        SliceRangeBackward(x, start, length, y, dy, dx);
    }

    private static (int Start, int Length) PartRange(string op, Tensor x, int index, int count)
    {
        if (count <= 0) throw new ShapeException(op, $"the number of parts must be positive; got {count}.");
        Check.Rank(op, "x", x, 1, Shape.MaxRank);
        if (x.Shape.Last % count != 0)
            throw new ShapeException(op, $"the last dimension of {x.Shape} does not split into {count} equal parts.");
        Check.Index(op, "index", index, count);
        int length = x.Shape.Last / count;
        return (index * length, length);
    }

    /// <summary>x[…, start : start + length], a range of the last axis.</summary>
    [DerivativeRule(nameof(SliceRangeBackward), Formula = "dx[…, start : start + length] += dy", Into = nameof(SliceRange), Shape = "x[..-1], length", RowWise = "x")]
    public static Tensor SliceRange(Tensor x, int start, int length) => SliceRange(x, start, length, null);

    /// <summary>x[…, start : start + length], written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>),
    /// else into a new tensor.</summary>
    public static Tensor SliceRange(Tensor x, int start, int length, Tensor? into)
    {
        Check.NotNull("SliceRange", x);
        CheckRange("SliceRange", x, start, length);
        return SliceRangeCore("SliceRange", x, start, length, into);
    }

    private static Tensor SliceRangeCore(string op, Tensor x, int start, int length, Tensor? into)
    {
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape.WithLast(length), zero: false);
        if (x.DType == DType.Float32) RangeRows<float>(x, y, start, forward: true);
        else RangeRows<double>(x, y, start, forward: true);
        return y;
    }

    /// <summary>dx[…, start : start + length] += dy.</summary>
    [RuleReads]
    public static void SliceRangeBackward(Tensor x, int start, int length, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("SliceRangeBackward", x, y, dy);
        CheckRange("SliceRangeBackward", x, start, length);
        Check.SameShape("SliceRangeBackward", y, dy);
        if (dy.Shape != x.Shape.WithLast(length))
            throw new ShapeException("SliceRangeBackward", $"adjoint dy has shape {dy.Shape}; the range of x {x.Shape} has {x.Shape.WithLast(length)}.");
        Check.Adjoint("SliceRangeBackward", "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) RangeRows<float>(dx, dy, start, forward: false);
        else RangeRows<double>(dx, dy, start, forward: false);
    }

    private static void CheckRange(string op, Tensor x, int start, int length)
    {
        Check.Rank(op, "x", x, 1, Shape.MaxRank);
        if (start < 0 || length < 0 || start + length > x.Shape.Last)
            throw new ShapeException(op, $"range [{start}, {start + length}) is outside the last axis of {x.Shape}.");
    }

    /// <summary>Forward: copies the range of each row of x into y. Backward: adds y into that range of x.</summary>
    private static void RangeRows<T>(Tensor x, Tensor y, int start, bool forward) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = x.Shape.Last, length = y.Shape.Last, rows = x.Shape.Rows;
        var xs = x.Span<T>();
        var ys = y.Span<T>();
        for (int r = 0; r < rows; r++)
        {
            var part = xs.Slice(r * cols + start, length);
            var yr = ys.Slice(r * length, length);
            if (forward) part.CopyTo(yr);
            else TensorPrimitives.Add(part, yr, part);
        }
    }
}
