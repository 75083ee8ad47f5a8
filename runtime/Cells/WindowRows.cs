namespace AutoGradRnn;

/// <summary>Copies between a block of rows of a [T·B, F] window tensor and a [B, F] step tensor.</summary>
internal static class WindowRows
{
    /// <summary>to ← from[start .. start + to.Rows).</summary>
    public static void Read(Tensor from, int start, Tensor to)
    {
        int f = to.Shape.Last, n = to.Length;
        if (to.DType == DType.Float32) from.Span<float>().Slice(start * f, n).CopyTo(to.Span<float>());
        else from.Span<double>().Slice(start * f, n).CopyTo(to.Span<double>());
    }

    /// <summary>to[start .. start + from.Rows) ← from.</summary>
    public static void Write(Tensor from, Tensor to, int start)
    {
        int f = from.Shape.Last, n = from.Length;
        if (to.DType == DType.Float32) from.Span<float>().CopyTo(to.Span<float>().Slice(start * f, n));
        else from.Span<double>().CopyTo(to.Span<double>().Slice(start * f, n));
    }

    /// <summary>to += from[start .. start + to.Rows).</summary>
    public static void Add(Tensor from, int start, Tensor to)
    {
        int f = to.Shape.Last, n = to.Length;
        if (to.DType == DType.Float32)
        {
            var t = to.Span<float>();
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<float>().Slice(start * f, n), t);
        }
        else
        {
            var t = to.Span<double>();
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<double>().Slice(start * f, n), t);
        }
    }

    /// <summary>to[start .. start + from.Rows) += from.</summary>
    public static void AddTo(Tensor from, Tensor to, int start)
    {
        int f = from.Shape.Last, n = from.Length;
        if (to.DType == DType.Float32)
        {
            var t = to.Span<float>().Slice(start * f, n);
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<float>(), t);
        }
        else
        {
            var t = to.Span<double>().Slice(start * f, n);
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<double>(), t);
        }
    }

    /// <summary>to[toStart .. toStart + count) ← from[fromStart .. fromStart + count), in rows of the last axis.</summary>
    public static void CopyRows(Tensor from, int fromStart, Tensor to, int toStart, int count)
    {
        int f = from.Shape.Last;
        if (to.DType == DType.Float32) from.Span<float>().Slice(fromStart * f, count * f).CopyTo(to.Span<float>().Slice(toStart * f, count * f));
        else from.Span<double>().Slice(fromStart * f, count * f).CopyTo(to.Span<double>().Slice(toStart * f, count * f));
    }

    /// <summary>to[toStart .. toStart + count) += from[fromStart .. fromStart + count), in rows of the last axis.</summary>
    public static void AddRows(Tensor from, int fromStart, Tensor to, int toStart, int count)
    {
        int f = from.Shape.Last;
        if (to.DType == DType.Float32)
        {
            var t = to.Span<float>().Slice(toStart * f, count * f);
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<float>().Slice(fromStart * f, count * f), t);
        }
        else
        {
            var t = to.Span<double>().Slice(toStart * f, count * f);
            System.Numerics.Tensors.TensorPrimitives.Add(t, from.Span<double>().Slice(fromStart * f, count * f), t);
        }
    }
}
