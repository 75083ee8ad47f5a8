namespace AutoGradRnn.Tests.Runtime;

/// <summary>Tensor construction, element access, copying and conversion between float32 and float64.</summary>
public class TensorTests
{
    [Fact]
    public void FromArray_refuses_values_that_do_not_fill_the_shape()
    {
        var error = Assert.Throws<ShapeException>(() => Tensor.FromArray(new double[5], 2, 3));

        Assert.Equal("Tensor.FromArray", error.Operation);
        Assert.Contains("5 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ShapeException>(() => Tensor.FromArray(new float[7], 2, 3));
        Assert.Throws<ShapeException>(() => Tensor.FromValues(DType.Float32, new double[2], 3));
    }

    [Fact]
    public void FromArray_without_dimensions_makes_a_vector_or_a_scalar()
    {
        Assert.Equal(new Shape(3), Tensor.FromArray(new[] { 1.0, 2, 3 }).Shape);
        Assert.Equal(new Shape(Array.Empty<int>()), Tensor.FromArray(new[] { 4.0 }).Shape);
        Assert.Equal(new Shape(2), Tensor.FromArray(new[] { 1f, 2f }).Shape);
        Assert.Equal(4.0, Tensor.Scalar(DType.Float32, 4.0)[Array.Empty<int>()]);
    }

    [Fact]
    public void The_indexer_is_row_major()
    {
        var t = Tensor.FromArray(new[] { 0.0, 1, 2, 3, 4, 5 }, 2, 3);

        Assert.Equal(5, t[1, 2]);
        Assert.Equal(3, t[1, 0]);
        t[0, 1] = 10;
        Assert.Equal(10, t.GetAt(1));
    }

    [Fact]
    public void The_indexer_refuses_an_index_outside_the_shape_and_names_it()
    {
        var t = Tensor.Zeros(DType.Float64, 2, 3);

        var outside = Assert.Throws<IndexOutOfRangeException>(() => t[1, 3]);
        Assert.Contains("[2, 3]", outside.Message, StringComparison.Ordinal);
        Assert.Contains("axis 1", outside.Message, StringComparison.Ordinal);
        Assert.Throws<IndexOutOfRangeException>(() => t[-1, 0] = 1);
        var count = Assert.Throws<ArgumentException>(() => t[1]);
        Assert.Contains("[2, 3]", count.Message, StringComparison.Ordinal);
        Assert.Contains("2 indices", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyFrom_rounds_float64_to_the_nearest_float32_and_widens_float32_exactly()
    {
        var values = new[] { 0.1, 1.0 / 3, -2.718281828459045, 16777217.0, 1e-40, 3.5e38, 1e39, double.NaN };
        var wide = Tensor.FromArray(values, values.Length);

        var narrow = Tensor.Zeros(DType.Float32, values.Length);
        narrow.CopyFrom(wide);
        Assert.Equal(values.Select(v => (float)v), narrow.Floats.ToArray());

        var back = Tensor.Zeros(DType.Float64, values.Length);
        back.CopyFrom(narrow);
        Assert.Equal(values.Select(v => (double)(float)v), back.Doubles.ToArray());
        Assert.Equal(back.ToDoubleArray(), wide.ToFloat32().ToFloat64().ToDoubleArray());
    }

    [Fact]
    public void CopyFrom_refuses_another_shape()
    {
        var error = Assert.Throws<ShapeException>(() => Tensor.Zeros(DType.Float64, 2, 3).CopyFrom(Tensor.Zeros(DType.Float32, 3, 2)));

        Assert.Equal("Tensor.CopyFrom", error.Operation);
        Assert.Contains("[3, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Clone_and_To_are_independent_copies(DType dtype)
    {
        var t = Tensor.FromValues(dtype, new[] { 1.0, 2, 3, 4 }, 2, 2);

        var clone = t.Clone();
        var same = t.To(dtype);
        clone[0, 0] = 100;
        same[1, 1] = 200;

        Assert.Equal(dtype, clone.DType);
        Assert.Equal(t.Shape, clone.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, t.ToDoubleArray());
    }

    [Fact]
    public void Storage_of_the_other_type_is_refused()
    {
        var t = Tensor.Zeros(DType.Float64, 3);

        Assert.Throws<InvalidOperationException>(() => t.Floats.Length);
        Assert.Throws<InvalidOperationException>(() => t.Span<float>().Length);
        Assert.Equal(3, t.Span<double>().Length);
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(DType.Float32, 3).Doubles.Length);
    }

    [Fact]
    public void Zero_and_Fill_set_every_element()
    {
        var t = Tensor.Zeros(DType.Float32, 2, 2);

        t.Fill(0.1);
        Assert.All(t.Floats.ToArray(), v => Assert.Equal(0.1f, v));
        t.Zero();
        Assert.All(t.ToDoubleArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void ToString_shows_type_shape_and_leading_values()
    {
        var t = Tensor.FromArray(Enumerable.Range(0, 10).Select(i => i + 0.5).ToArray(), 2, 5);

        Assert.Equal("Tensor(Float64, [2, 5]) [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, …]", t.ToString());
    }

    [Fact]
    public void A_flat_index_outside_the_tensor_names_the_index_and_the_size()
    {
        var t = Tensor.Zeros(DType.Float32, 2, 3);
        foreach (var flat in new[] { -1, 6, int.MaxValue })
        {
            Assert.Equal($"Flat index {flat} is outside a tensor of 6 elements (shape [2, 3]). (Parameter 'flat')", Assert.Throws<ArgumentOutOfRangeException>(() => t.GetAt(flat)).Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => t.SetAt(flat, 1));
        }
        t.SetAt(5, 2.5);
        Assert.Equal(2.5, t.GetAt(5));
    }
}
