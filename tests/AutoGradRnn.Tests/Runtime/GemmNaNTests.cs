using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Regression: the matrix-product kernels skipped an entry of A that was zero, so 0 · NaN (and 0 · ∞) in B
/// never reached the product, which hid a NaN that a plain triple loop would show. Every product path, forward and
/// rule, in both element types.</summary>
public class GemmNaNTests
{
    public static TheoryData<DType, double> Poisons => new()
    {
        { DType.Float32, double.NaN },
        { DType.Float64, double.NaN },
        { DType.Float32, double.PositiveInfinity },
        { DType.Float64, double.PositiveInfinity },
    };

    private static Tensor Values(DType dtype, double[] values, params int[] dims) => Tensor.FromValues(dtype, values, dims);

    private static void AssertAllNaN(Tensor t, string what) =>
        Assert.True(t.ToDoubleArray().All(double.IsNaN), $"{what}: expected NaN everywhere, got {t}");

    [Theory]
    [MemberData(nameof(Poisons))]
    public void A_poisoned_B_reaches_the_forward_products_through_a_zero_in_A(DType dtype, double poison)
    {
        // A is all zeros, B has the poison in its only inner entry: every entry of the product is 0 · poison = NaN.
        AssertAllNaN(MatMul(Values(dtype, new[] { 0.0, 0.0 }, 2, 1), Values(dtype, new[] { poison, poison }, 1, 2)), "MatMul (NN)");
        AssertAllNaN(MatMulTransposeB(Values(dtype, new[] { 0.0, 0.0 }, 2, 1), Values(dtype, new[] { poison }, 1, 1)), "MatMulTransposeB (NT)");
        AssertAllNaN(MatMulTransposeA(Values(dtype, new[] { 0.0, 0.0 }, 1, 2), Values(dtype, new[] { poison }, 1, 1)), "MatMulTransposeA (TN)");
        AssertAllNaN(Outer(Values(dtype, new[] { 0.0, 0.0 }, 2), Values(dtype, new[] { poison }, 1)), "Outer");
        AssertAllNaN(MatVec(Values(dtype, new[] { poison }, 1, 1), Values(dtype, new[] { 0.0 }, 1)), "MatVec");
    }

    [Theory]
    [MemberData(nameof(Poisons))]
    public void A_poisoned_operand_reaches_the_adjoints_through_a_zero_result_adjoint(DType dtype, double poison)
    {
        var w = Values(dtype, new[] { poison, poison }, 1, 2);
        var x = Values(dtype, new[] { poison, poison }, 2);
        var y = MatVec(w, x);
        var zero = Tensor.ZerosLike(y);
        var dw = Tensor.ZerosLike(w);
        var dx = Tensor.ZerosLike(x);

        MatVecBackward(w, x, y, zero, dw, dx);

        AssertAllNaN(dw, "MatVecBackward dw (TN)");
        AssertAllNaN(dx, "MatVecBackward dx (NN)");

        var a = Values(dtype, new[] { poison, poison }, 1, 2);
        var b = Values(dtype, new[] { poison, poison }, 2, 1);
        var c = MatMul(a, b);
        var da = Tensor.ZerosLike(a);
        var db = Tensor.ZerosLike(b);

        MatMulBackward(a, b, c, Tensor.ZerosLike(c), da, db);

        AssertAllNaN(da, "MatMulBackward da (NT)");
        AssertAllNaN(db, "MatMulBackward db (TN)");
    }
}
