namespace AutoGradRnn;

/// <summary>The weight-gradient update of a row-wise product, dW += Lᵀ·R, as one call. A loop that makes one such update
/// per step adds them as one product per window through <see cref="WindowProduct"/>, in the generated code.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// this [p, q] += Lᵀ·R for L [rows, p] and R [rows, q] (vectors [p] and [q]: one row): the weight-gradient update of a
    /// row-wise product (MatVec's dW += dyᵀ·x, MatMul's dB += Aᵀ·dC), added now.
    /// </summary>
    /// <exception cref="ShapeException">This is not a matrix, or the shapes or element types do not match.</exception>
    public void AddTransposedProduct(Tensor l, Tensor r)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(r);
        const string op = "Tensor.AddTransposedProduct";
        if (Rank != 2) throw new ShapeException(op, $"the destination must be a matrix [p, q]; got {Shape}.");
        if (l.DType != DType || r.DType != DType) throw new ShapeException(op, $"element types differ: destination {DType}, L {l.DType}, R {r.DType}.");
        int rows = l.Rank == 1 ? 1 : l.Shape[0];
        bool fits = l.Rank is 1 or 2 && r.Rank == l.Rank && l.Shape.Last == Shape[0] && r.Shape.Last == Shape[1] && (r.Rank == 1 || r.Shape[0] == rows);
        if (!fits) throw new ShapeException(op, $"L {l.Shape} and R {r.Shape} must be [rows, {Shape[0]}] and [rows, {Shape[1]}] (or vectors) for a destination {Shape}.");
        AddTransposedProduct(l, r, rows);
    }

    /// <summary><see cref="AddTransposedProduct(Tensor, Tensor)"/> for arguments the caller has checked.</summary>
    internal void AddTransposedProduct(Tensor l, Tensor r, int rows)
    {
        int p = Shape[0], q = Shape[1];
        if (DType == DType.Float32) Gemm.TN<float>(l.Span<float>(), r.Span<float>(), Span<float>(), p, rows, q);
        else Gemm.TN<double>(l.Span<double>(), r.Span<double>(), Span<double>(), p, rows, q);
    }
}
