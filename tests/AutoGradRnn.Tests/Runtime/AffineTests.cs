using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary><see cref="Ops.Affine(Tensor, Tensor, Tensor)"/> is <c>MatVec(w, x) + b</c> bit for bit, forward and backward
/// (in float32 and float64), for every way Add broadcasts b; shapes Add refuses it refuses too.</summary>
public class AffineTests
{
    public static TheoryData<int[], int[]> Layouts => new()
    {
        { [37], [40] },
        { [50, 37], [40] },
        { [50, 37], [50, 40] },
        { [37], [2, 40] },
    };

    public static TheoryData<int[], int[], DType> Cases()
    {
        var data = new TheoryData<int[], int[], DType>();
        foreach (var layout in Layouts)
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                data.Add((int[])layout[0], (int[])layout[1], dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void It_is_the_product_plus_b(int[] xDims, int[] bDims, DType dtype)
    {
        var rng = new Rng(11);
        Tensor w = Init.Normal(rng, dtype, 0, 1, 40, 37), x = Init.Normal(rng, dtype, 0, 1, xDims), b = Init.Normal(rng, dtype, 0, 1, bDims);
        var composed = Add(MatVec(w, x), b);
        var fused = Affine(w, x, b);
        Assert.Equal(composed.Shape, fused.Shape);
        Assert.Equal(composed.ToDoubleArray(), fused.ToDoubleArray()); // bit for bit, as a fusion must be

        var dy = Init.Normal(rng, dtype, 0, 1, composed.Shape.ToArray());
        Tensor dw1 = Tensor.ZerosLike(w), dx1 = Tensor.ZerosLike(x), db1 = Tensor.ZerosLike(b);
        var product = MatVec(w, x);
        var dProduct = Tensor.ZerosLike(product);
        AddBackward(product, b, composed, dy, dProduct, db1);
        MatVecBackward(w, x, product, dProduct, dw1, dx1);
        Tensor dw2 = Tensor.ZerosLike(w), dx2 = Tensor.ZerosLike(x), db2 = Tensor.ZerosLike(b);
        AffineBackward(w, x, b, fused, dy, dw2, dx2, db2);
        // The rule may round differently (one vector onto rows sums the rows' products, not the rows first).
        AssertClose(dw1, dw2, dtype);
        AssertClose(dx1, dx2, dtype);
        AssertClose(db1, db2, dtype);
    }

    [Fact]
    public void A_bias_that_fits_no_layout_is_refused_by_name()
    {
        var rng = new Rng(1);
        var e = Assert.Throws<ShapeException>(() => Affine(Init.Normal(rng, DType.Float64, 0, 1, 4, 3), Init.Normal(rng, DType.Float64, 0, 1, 5, 3), Init.Normal(rng, DType.Float64, 0, 1, 3)));
        Assert.Contains("Affine", e.Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual, DType dtype)
    {
        double tolerance = dtype == DType.Float32 ? 1e-5 : 1e-12;
        var (e, a) = (expected.ToDoubleArray(), actual.ToDoubleArray());
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])), $"[{i}] {e[i]} vs {a[i]}");
    }
}
