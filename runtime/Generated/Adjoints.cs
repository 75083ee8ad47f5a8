using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Helpers the generated backward code calls to move adjoints around.</summary>
public static class Adjoints
{
    /// <summary>into += from; does nothing when either is null (an output nobody asked about, an input that needs no gradient).</summary>
    public static void Accumulate(Tensor? into, Tensor? from)
    {
        if (into is null || from is null) return;
        if (into.Shape != from.Shape || into.DType != from.DType)
            throw new ShapeException("Adjoints.Accumulate", $"adjoint {from.DType} {from.Shape} cannot be added to {into.DType} {into.Shape}.");
        if (into.DType == DType.Float32) TensorPrimitives.Add(into.Span<float>(), from.Span<float>(), into.Span<float>());
        else TensorPrimitives.Add(into.Span<double>(), from.Span<double>(), into.Span<double>());
    }

    /// <summary>A zeroed adjoint with the shape and element type of <paramref name="like"/>, kept in
    /// <paramref name="buffer"/>: the tensor there is reused when it fits, so a warm backward pass allocates nothing.</summary>
    public static Tensor Zeroed(ref Tensor? buffer, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        if (buffer is null || buffer.Shape != like.Shape || buffer.DType != like.DType) buffer = Tensor.ZerosLike(like);
        else buffer.Zero();
        return buffer;
    }
}
