namespace AutoGradRnn;

/// <summary>
/// The broadcasting rule of the element-wise binary primitives: both operands have the same shape, or one
/// is a vector of the other's last dimension, repeated over its rows (a bias over a batch's rows).
/// A broadcast operand's "row" is the whole vector, so the same row loop (<c>Ops.BinaryBlocks</c>) computes a forward
/// value and, in a backward rule, sums the adjoint of the broadcast operand over the rows.
/// </summary>
internal readonly struct RowBroadcast
{
    private RowBroadcast(Shape result, int rows, int cols, bool aRepeated, bool bRepeated)
    {
        Result = result;
        Rows = rows;
        Cols = cols;
        ARepeated = aRepeated;
        BRepeated = bRepeated;
    }

    public Shape Result { get; }

    public int Rows { get; }

    public int Cols { get; }

    public bool ARepeated { get; }

    public bool BRepeated { get; }

    public static RowBroadcast Of(string op, Tensor a, Tensor b)
    {
        Check.SameDType(op, a, b);
        return Of(op, a.Shape, b.Shape);
    }

    /// <summary>The layout of operands of shapes <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static RowBroadcast Of(string op, Shape a, Shape b)
    {
        if (a == b) return new RowBroadcast(a, 1, a.Size, false, false);
        if (b.Rank == 1 && a.Rank > 1 && a.Last == b.Size) return new RowBroadcast(a, a.Rows, b.Size, false, true);
        if (a.Rank == 1 && b.Rank > 1 && b.Last == a.Size) return new RowBroadcast(b, b.Rows, a.Size, true, false);
        throw new ShapeException(op, $"shapes {a} and {b} do not match, and neither is a vector of the other's last dimension.");
    }
}
