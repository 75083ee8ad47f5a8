using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary><see cref="Ops.Affine(Tensor, Tensor, Tensor)"/> is <c>MatVec(w, x) + b</c>, forward and backward, for every way
/// Add broadcasts b; shapes Add refuses it refuses too.</summary>
public class AffineTests
{
    public static TheoryData<int[], int[]> Layouts => new()
    {
        { [3], [4] },
        { [5, 3], [4] },
        { [5, 3], [5, 4] },
        { [3], [2, 4] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void It_is_the_product_plus_b(int[] xDims, int[] bDims)
    {
        var rng = new Rng(11);
        Tensor w = Init.Normal(rng, DType.Float64, 0, 1, 4, 3), x = Init.Normal(rng, DType.Float64, 0, 1, xDims), b = Init.Normal(rng, DType.Float64, 0, 1, bDims);
        var composed = Add(MatVec(w, x), b);
        var fused = Affine(w, x, b);
        Assert.Equal(composed.Shape, fused.Shape);
        AssertClose(composed, fused);

        var dy = Init.Normal(rng, DType.Float64, 0, 1, composed.Shape.ToArray());
        Tensor dw1 = Tensor.ZerosLike(w), dx1 = Tensor.ZerosLike(x), db1 = Tensor.ZerosLike(b);
        var product = MatVec(w, x);
        var dProduct = Tensor.ZerosLike(product);
        AddBackward(product, b, composed, dy, dProduct, db1);
        MatVecBackward(w, x, product, dProduct, dw1, dx1);
        Tensor dw2 = Tensor.ZerosLike(w), dx2 = Tensor.ZerosLike(x), db2 = Tensor.ZerosLike(b);
        AffineBackward(w, x, b, fused, dy, dw2, dx2, db2);
        AssertClose(dw1, dw2);
        AssertClose(dx1, dx2);
        AssertClose(db1, db2);
    }

    [Fact]
    public void A_bias_that_fits_no_layout_is_refused_by_name()
    {
        var rng = new Rng(1);
        var e = Assert.Throws<ShapeException>(() => Affine(Init.Normal(rng, DType.Float64, 0, 1, 4, 3), Init.Normal(rng, DType.Float64, 0, 1, 5, 3), Init.Normal(rng, DType.Float64, 0, 1, 3)));
        Assert.Contains("Affine", e.Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var (e, a) = (expected.ToDoubleArray(), actual.ToDoubleArray());
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-12 * (1 + Math.Abs(e[i])), $"[{i}] {e[i]} vs {a[i]}");
    }
}
