namespace AutoGradRnn.Tests.Runtime;

/// <summary>Shape: dimensions, sizes, formatting and the flat-index printing the checker reports with.</summary>
public class ShapeTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4 }, 0, "[0,0,0]")]
    [InlineData(new[] { 2, 3, 4 }, 23, "[1,2,3]")]
    [InlineData(new[] { 2, 3, 4 }, 13, "[1,0,1]")]
    [InlineData(new[] { 3, 2 }, 5, "[2,1]")]
    [InlineData(new[] { 7 }, 6, "[6]")]
    [InlineData(new int[0], 0, "[]")]
    public void FormatIndex_writes_the_multi_index(int[] dims, int flat, string expected) =>
        Assert.Equal(expected, new Shape(dims).FormatIndex(flat));

    [Fact]
    public void Dimensions_size_rows_and_last()
    {
        var s = new Shape(2, 3, 4);

        Assert.Equal(3, s.Rank);
        Assert.Equal(24, s.Size);
        Assert.Equal(6, s.Rows);
        Assert.Equal(4, s.Last);
        Assert.Equal(new[] { 2, 3, 4 }, s.ToArray());
        Assert.Equal("[2, 3, 4]", s.ToString());
        Assert.Equal(new Shape(2, 3, 9), s.WithLast(9));
        Assert.Equal(new Shape(5), new Shape().WithLast(5));
    }

    [Fact]
    public void A_scalar_shape_has_one_element()
    {
        var scalar = new Shape(Array.Empty<int>());

        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Size);
        Assert.Equal(1, scalar.Rows);
        Assert.Equal(1, scalar.Last);
        Assert.Equal("[]", scalar.ToString());
    }

    /// <summary>Regression: <c>default(Shape)</c> and <c>new Shape()</c> (all fields zero) had size 0 and differed
    /// from the scalar shape, so <c>Tensor.Zeros(dtype, new Shape())</c> made a scalar with no element.</summary>
    [Fact]
    public void The_default_shape_is_the_scalar_shape()
    {
        var scalar = new Shape(Array.Empty<int>());

        Assert.Equal(1, default(Shape).Size);
        Assert.Equal(scalar, default(Shape));
        Assert.Equal(scalar, new Shape());
        Assert.Equal(scalar.GetHashCode(), default(Shape).GetHashCode());
        var t = Tensor.Zeros(DType.Float64, new Shape());
        t.SetAt(0, 2.5);
        Assert.Equal(2.5, t[Array.Empty<int>()]);
    }

    [Fact]
    public void Equality_is_by_rank_and_dimensions()
    {
        Assert.Equal(new Shape(3, 4), new Shape(3, 4));
        Assert.NotEqual(new Shape(3, 4), new Shape(4, 3));
        Assert.NotEqual(new Shape(12), new Shape(12, 1));
        Assert.True(new Shape(3, 4) == new Shape(3, 4));
        Assert.True(new Shape(3, 4) != new Shape(3));
        Assert.Equal(new Shape(3, 4).GetHashCode(), new Shape(3, 4).GetHashCode());
    }

    [Fact]
    public void Invalid_dimensions_are_refused()
    {
        Assert.Contains("rank 4", Assert.Throws<ArgumentException>(() => new Shape(1, 2, 3, 4)).Message, StringComparison.Ordinal);
        Assert.Contains("[2, -1]", Assert.Throws<ArgumentException>(() => new Shape(2, -1)).Message, StringComparison.Ordinal);
        Assert.Contains("[3, 4]", Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(3, 4)[2]).Message, StringComparison.Ordinal);
    }

    /// <summary>A shape whose size overflows an int (or exceeds an array's length) is refused by every constructor, instead
    /// of a tensor whose Length is not the product of its dimensions.</summary>
    [Fact]
    public void A_shape_larger_than_a_tensor_can_hold_is_refused()
    {
        const string expected = "would hold 10,000,000,000 elements; a tensor holds at most 2,147,483,591.";
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => new Shape(100_000, 100_000)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => new Shape(1_000, 1_000, 10_000)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => new Shape(new[] { 100_000, 100_000 })).Message, StringComparison.Ordinal);
        Assert.Contains("[65536, 65536, 65536]", Assert.Throws<ArgumentException>(() => new Shape(65_536, 65_536, 65_536)).Message, StringComparison.Ordinal);
        Assert.Contains("[100000, 100000]", Assert.Throws<ArgumentException>(() => Tensor.Zeros(DType.Float32, 100_000, 100_000)).Message, StringComparison.Ordinal);
        Assert.Contains("[2147483647]", Assert.Throws<ArgumentException>(() => new Shape(int.MaxValue)).Message, StringComparison.Ordinal);
        Assert.Equal(Array.MaxLength, new Shape(Array.MaxLength).Size);
        Assert.Equal(Array.MaxLength, new Shape(1, Array.MaxLength, 1).Size);
        Assert.Equal(0, new Shape(0, int.MaxValue, int.MaxValue).Size);
    }
}
