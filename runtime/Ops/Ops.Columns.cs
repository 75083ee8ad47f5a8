namespace AutoGradRnn;

/// <summary>The column blocks of a weight matrix that multiply the parts of a concatenation: for
/// <c>MatVec(w, Concat(a, b))</c>, <c>MatVec(ColumnsOf(w, a, false), a) + MatVec(OtherColumns(w, a, false), b)</c> is the
/// same product. A cell's generated window form uses them to move the product of the input part out of the time loop.</summary>
public static partial class Ops
{
    /// <summary>The columns of <paramref name="w"/> that multiply <paramref name="part"/> in <c>w·[part; rest]</c>
    /// (<paramref name="partLast"/> false: the first <c>part[-1]</c> columns) or in <c>w·[rest; part]</c> (true: the
    /// last <c>part[-1]</c> columns). Only <paramref name="part"/>'s shape is read.</summary>
    [DerivativeRule(nameof(ColumnsOfBackward), Formula = "dw[…, columns of part] += dy", Into = nameof(ColumnsOf), Shape = "w[0], part[-1]")]
    public static Tensor ColumnsOf(Tensor w, Tensor part, bool partLast) => ColumnsOf(w, part, partLast, null);

    /// <summary><see cref="ColumnsOf(Tensor, Tensor, bool)"/>, written into <paramref name="into"/> when it fits
    /// (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor ColumnsOf(Tensor w, Tensor part, bool partLast, Tensor? into)
    {
        Check.NotNull("ColumnsOf", w, part);
        var (start, length) = PartColumns("ColumnsOf", w, part, partLast);
        return ColumnsCore("ColumnsOf", w, part, start, length, into);
    }

    /// <summary>dw[…, columns of part] += dy; part's adjoint is zero (only its shape is read).</summary>
    [RuleReads]
    public static void ColumnsOfBackward(Tensor w, Tensor part, bool partLast, Tensor y, Tensor dy, Tensor? dw, Tensor? dpart)
    {
        Check.NotNull("ColumnsOfBackward", w, part, y, dy);
        var (start, length) = PartColumns("ColumnsOfBackward", w, part, partLast);
        ColumnsBackward("ColumnsOfBackward", w, part, start, length, dy, dw, dpart);
    }

    /// <summary>The columns of <paramref name="w"/> that multiply the rest in <c>w·[part; rest]</c> (<paramref name="partLast"/>
    /// false: all after the first <c>part[-1]</c>) or in <c>w·[rest; part]</c> (true: all before the last <c>part[-1]</c>).
    /// Only <paramref name="part"/>'s shape is read.</summary>
    [DerivativeRule(nameof(OtherColumnsBackward), Formula = "dw[…, columns besides part] += dy", Into = nameof(OtherColumns), Shape = "w[0], w[-1] - part[-1]")]
    public static Tensor OtherColumns(Tensor w, Tensor part, bool partLast) => OtherColumns(w, part, partLast, null);

    /// <summary><see cref="OtherColumns(Tensor, Tensor, bool)"/>, written into <paramref name="into"/> when it fits
    /// (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor OtherColumns(Tensor w, Tensor part, bool partLast, Tensor? into)
    {
        Check.NotNull("OtherColumns", w, part);
        var (start, length) = RestColumns("OtherColumns", w, part, partLast);
        return ColumnsCore("OtherColumns", w, part, start, length, into);
    }

    /// <summary>dw[…, columns besides part] += dy; part's adjoint is zero (only its shape is read).</summary>
    [RuleReads]
    public static void OtherColumnsBackward(Tensor w, Tensor part, bool partLast, Tensor y, Tensor dy, Tensor? dw, Tensor? dpart)
    {
        Check.NotNull("OtherColumnsBackward", w, part, y, dy);
        var (start, length) = RestColumns("OtherColumnsBackward", w, part, partLast);
        ColumnsBackward("OtherColumnsBackward", w, part, start, length, dy, dw, dpart);
    }

    private static Tensor ColumnsCore(string op, Tensor w, Tensor part, int start, int length, Tensor? into)
    {
        Check.NotAnInput(op, into, w, part);
        return SliceRangeCore(op, w, start, length, into);
    }

    private static void ColumnsBackward(string op, Tensor w, Tensor part, int start, int length, Tensor dy, Tensor? dw, Tensor? dpart)
    {
        if (dy.DType != w.DType || dy.Shape != w.Shape.WithLast(length))
            throw new ShapeException(op, $"adjoint dy is {dy.DType} {dy.Shape}; the columns of w {w.Shape} are {w.DType} {w.Shape.WithLast(length)}.");
        Check.Adjoint(op, "dw", dw, w);
        Check.Adjoint(op, "dpart", dpart, part);
        if (dw is null) return;
        if (w.DType == DType.Float32) RangeRows<float>(dw, dy, start, forward: false);
        else RangeRows<double>(dw, dy, start, forward: false);
    }

    private static (int Start, int Length) PartColumns(string op, Tensor w, Tensor part, bool partLast)
    {
        int columns = CheckColumns(op, w, part);
        return partLast ? (w.Shape.Last - columns, columns) : (0, columns);
    }

    private static (int Start, int Length) RestColumns(string op, Tensor w, Tensor part, bool partLast)
    {
        int columns = CheckColumns(op, w, part);
        return partLast ? (0, w.Shape.Last - columns) : (columns, w.Shape.Last - columns);
    }

    private static int CheckColumns(string op, Tensor w, Tensor part)
    {
        Check.Rank(op, "w", w, 2, 2);
        Check.Rank(op, "part", part, 1, Shape.MaxRank);
        int columns = part.Shape.Last;
        if (columns > w.Shape.Last)
            throw new ShapeException(op, $"part {part.Shape} has {columns} columns; w {w.Shape} has only {w.Shape.Last}.");
        return columns;
    }
}
