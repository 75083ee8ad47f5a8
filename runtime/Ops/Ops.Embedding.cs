using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Embedding lookup: a row of a [V,E] table chosen by an integer token id.</summary>
public static partial class Ops
{
    /// <summary>table[index], row <paramref name="index"/> of a [V,E] table; result [E].</summary>
    [DerivativeRule(nameof(EmbeddingBackward), Formula = "dtable[index] += dy")]
    public static Tensor Embedding(Tensor table, int index)
    {
        Check.Rank("Embedding", "table", table, 2, 2);
        var y = Tensor.Zeros(table.DType, table.Shape[1]);
        CopyRows(table, new[] { index }, y, "Embedding");
        return y;
    }

    /// <summary>dtable[index] += dy.</summary>
    public static void EmbeddingBackward(Tensor table, int index, Tensor y, Tensor dy, Tensor? dtable)
    {
        Check.Rank("EmbeddingBackward", "table", table, 2, 2);
        AddRows(table, new[] { index }, dy, dtable, "EmbeddingBackward");
    }

    /// <summary>One row of a [V,E] table per index; result [B,E].</summary>
    [DerivativeRule(nameof(EmbeddingBackward), Formula = "dtable[indices[b]] += dy[b]")]
    public static Tensor Embedding(Tensor table, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        Check.Rank("Embedding", "table", table, 2, 2);
        var y = Tensor.Zeros(table.DType, indices.Length, table.Shape[1]);
        CopyRows(table, indices, y, "Embedding");
        return y;
    }

    /// <summary>dtable[indices[b]] += dy[b] for every row b.</summary>
    public static void EmbeddingBackward(Tensor table, int[] indices, Tensor y, Tensor dy, Tensor? dtable)
    {
        ArgumentNullException.ThrowIfNull(indices);
        Check.Rank("EmbeddingBackward", "table", table, 2, 2);
        AddRows(table, indices, dy, dtable, "EmbeddingBackward");
    }

    private static void CopyRows(Tensor table, int[] indices, Tensor y, string op)
    {
        int e = table.Shape[1];
        for (int r = 0; r < indices.Length; r++)
        {
            Check.Index(op, "index", indices[r], table.Shape[0]);
            if (table.DType == DType.Float32) table.Span<float>().Slice(indices[r] * e, e).CopyTo(y.Span<float>().Slice(r * e, e));
            else table.Span<double>().Slice(indices[r] * e, e).CopyTo(y.Span<double>().Slice(r * e, e));
        }
    }

    private static void AddRows(Tensor table, int[] indices, Tensor dy, Tensor? dtable, string op)
    {
        Check.Adjoint(op, "dtable", dtable, table);
        if (dy.Length != indices.Length * table.Shape[1])
            throw new ShapeException(op, $"adjoint dy has shape {dy.Shape}; {indices.Length} rows of {table.Shape[1]} were looked up.");
        if (dtable is null) return;
        if (table.DType == DType.Float32) AddRows<float>(indices, dy.Span<float>(), dtable.Span<float>(), table.Shape, op);
        else AddRows<double>(indices, dy.Span<double>(), dtable.Span<double>(), table.Shape, op);
    }

    private static void AddRows<T>(int[] indices, ReadOnlySpan<T> dy, Span<T> dtable, Shape shape, string op) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int e = shape[1];
        for (int r = 0; r < indices.Length; r++)
        {
            Check.Index(op, "index", indices[r], shape[0]);
            var row = dtable.Slice(indices[r] * e, e);
            TensorPrimitives.Add(row, dy.Slice(r * e, e), row);
        }
    }
}
