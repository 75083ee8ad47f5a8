using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Embedding lookup: a row of a [V,E] table chosen by an integer token id.</summary>
public static partial class Ops
{
    /// <summary>table[index], row <paramref name="index"/> of a [V,E] table; result [E].</summary>
    [DerivativeRule(nameof(EmbeddingBackward), Formula = "dtable[index] += dy", Into = nameof(Embedding), Shape = "table[-1]")]
    public static Tensor Embedding(Tensor table, int index) => Embedding(table, index, null);

    /// <summary>table[index], written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Embedding(Tensor table, int index, Tensor? into)
    {
        Check.NotNull("Embedding", table);
        Check.Rank("Embedding", "table", table, 2, 2);
        var indices = new ReadOnlySpan<int>(in index);
        CheckIndices("Embedding", indices, table);
        Check.NotAnInput("Embedding", into, table);
        var y = Tensor.Reuse(into, table.DType, new Shape(table.Shape[1]), zero: false);
        CopyRows(table, indices, y);
        return y;
    }

    /// <summary>dtable[index] += dy.</summary>
    [RuleReads]
    public static void EmbeddingBackward(Tensor table, int index, Tensor y, Tensor dy, Tensor? dtable)
    {
        Check.NotNull("EmbeddingBackward", table, y, dy);
        Check.Rank("EmbeddingBackward", "table", table, 2, 2);
        AddRows(table, new ReadOnlySpan<int>(in index), dy, dtable, "EmbeddingBackward");
    }

    /// <summary>One row of a [V,E] table per index; result [B,E].</summary>
    [DerivativeRule(nameof(EmbeddingBackward), Formula = "dtable[indices[b]] += dy[b]", Into = nameof(Embedding), Shape = "indices.Length, table[-1]")]
    public static Tensor Embedding(Tensor table, int[] indices) => Embedding(table, indices, null);

    /// <summary>One row of the table per index, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>),
    /// else into a new tensor.</summary>
    public static Tensor Embedding(Tensor table, int[] indices, Tensor? into)
    {
        Check.NotNull("Embedding", table);
        ArgumentNullException.ThrowIfNull(indices);
        Check.Rank("Embedding", "table", table, 2, 2);
        CheckIndices("Embedding", indices, table);
        Check.NotAnInput("Embedding", into, table);
        var y = Tensor.Reuse(into, table.DType, new Shape(indices.Length, table.Shape[1]), zero: false);
        CopyRows(table, indices, y);
        return y;
    }

    /// <summary>dtable[indices[b]] += dy[b] for every row b.</summary>
    [RuleReads]
    public static void EmbeddingBackward(Tensor table, int[] indices, Tensor y, Tensor dy, Tensor? dtable)
    {
        Check.NotNull("EmbeddingBackward", table, y, dy);
        ArgumentNullException.ThrowIfNull(indices);
        Check.Rank("EmbeddingBackward", "table", table, 2, 2);
        AddRows(table, indices, dy, dtable, "EmbeddingBackward");
    }

    /// <summary>Every index is a row of the table; checked before anything is written.</summary>
    private static void CheckIndices(string op, ReadOnlySpan<int> indices, Tensor table)
    {
        foreach (int index in indices) Check.Index(op, "index", index, table.Shape[0]);
    }

    private static void CopyRows(Tensor table, ReadOnlySpan<int> indices, Tensor y)
    {
        int e = table.Shape[1];
        for (int r = 0; r < indices.Length; r++)
        {
            if (table.DType == DType.Float32) table.Span<float>().Slice(indices[r] * e, e).CopyTo(y.Span<float>().Slice(r * e, e));
            else table.Span<double>().Slice(indices[r] * e, e).CopyTo(y.Span<double>().Slice(r * e, e));
        }
    }

    private static void AddRows(Tensor table, ReadOnlySpan<int> indices, Tensor dy, Tensor? dtable, string op)
    {
        Check.Adjoint(op, "dtable", dtable, table);
        if (dy.Length != indices.Length * table.Shape[1])
            throw new ShapeException(op, $"adjoint dy has shape {dy.Shape}; {indices.Length} rows of {table.Shape[1]} were looked up.");
        CheckIndices(op, indices, table);
        if (dtable is null) return;
        if (table.DType == DType.Float32) AddRows<float>(indices, dy.Span<float>(), dtable.Span<float>(), table.Shape[1]);
        else AddRows<double>(indices, dy.Span<double>(), dtable.Span<double>(), table.Shape[1]);
    }

    private static void AddRows<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> dy, Span<T> dtable, int e) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < indices.Length; r++)
        {
            var row = dtable.Slice(indices[r] * e, e);
            TensorPrimitives.Add(row, dy.Slice(r * e, e), row);
        }
    }
}
