namespace AutoGradRnn.Tests.Runtime;

/// <summary>Seeded initialisers: reproducible, the same in float32 and float64 up to rounding, and drawn from
/// the distributions they name.</summary>
public class InitTests
{
    private static (double Mean, double Std) Moments(Tensor t)
    {
        var v = t.ToDoubleArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length));
    }

    public static TheoryData<string> Initialisers => new(Draws.Keys);

    /// <summary>Every initialiser, as a function of the seed and the element type.</summary>
    private static readonly Dictionary<string, Func<ulong, DType, Tensor>> Draws = new()
    {
        ["Uniform"] = (seed, dtype) => Init.Uniform(new Rng(seed), dtype, -0.5, 2, 6, 7),
        ["Normal"] = (seed, dtype) => Init.Normal(new Rng(seed), dtype, 1, 3, 6, 7),
        ["RandnScaled"] = (seed, dtype) => Init.RandnScaled(new Rng(seed), dtype, 0.01, 2, 3, 7),
        ["GlorotUniform"] = (seed, dtype) => Init.GlorotUniform(new Rng(seed), dtype, 6, 7),
        ["GlorotNormal"] = (seed, dtype) => Init.GlorotNormal(new Rng(seed), dtype, 6, 7),
    };

    [Theory]
    [MemberData(nameof(Initialisers))]
    public void The_same_seed_gives_the_same_values(string name)
    {
        var draw = Draws[name];

        Assert.Equal(draw(17, DType.Float64).ToDoubleArray(), draw(17, DType.Float64).ToDoubleArray());
        Assert.Equal(draw(17, DType.Float32).ToDoubleArray(), draw(17, DType.Float32).ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(Initialisers))]
    public void Different_seeds_give_different_values(string name)
    {
        var a = Draws[name](17, DType.Float64).ToDoubleArray();
        var b = Draws[name](18, DType.Float64).ToDoubleArray();

        Assert.Empty(a.Intersect(b));
    }

    [Theory]
    [MemberData(nameof(Initialisers))]
    public void Float32_is_float64_rounded(string name)
    {
        var wide = Draws[name](17, DType.Float64);
        var narrow = Draws[name](17, DType.Float32);

        Assert.Equal(DType.Float32, narrow.DType);
        Assert.Equal(wide.Shape, narrow.Shape);
        Assert.Equal(wide.ToDoubleArray().Select(v => (float)v), narrow.Floats.ToArray());
    }

    [Fact]
    public void Uniform_stays_in_range_and_covers_it()
    {
        var t = Init.Uniform(new Rng(1), DType.Float64, -0.5, 2, 100, 100);

        Assert.All(t.ToDoubleArray(), v => Assert.InRange(v, -0.5, Math.BitDecrement(2.0)));
        var (mean, std) = Moments(t);
        Assert.InRange(mean, 0.75 - 0.03, 0.75 + 0.03);
        Assert.InRange(std, 2.5 / Math.Sqrt(12) * 0.97, 2.5 / Math.Sqrt(12) * 1.03);
    }

    [Fact]
    public void Normal_has_the_mean_and_deviation_asked_for()
    {
        var (mean, std) = Moments(Init.Normal(new Rng(2), DType.Float64, 1, 3, 20_000));

        // The standard error of the mean is 3 / √20000 ≈ 0.02; of the deviation about 0.015.
        Assert.InRange(mean, 1 - 0.1, 1 + 0.1);
        Assert.InRange(std, 3 * 0.97, 3 * 1.03);
    }

    [Fact]
    public void RandnScaled_is_a_zero_mean_normal_of_the_given_deviation()
    {
        var t = Init.RandnScaled(new Rng(3), DType.Float64, 0.01, 100, 200);

        Assert.Equal(Init.Normal(new Rng(3), DType.Float64, 0, 0.01, 100, 200).ToDoubleArray(), t.ToDoubleArray());
        var (mean, std) = Moments(t);
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.0097, 0.0103);
    }

    [Fact]
    public void GlorotUniform_is_a_fanOut_by_fanIn_matrix_within_the_limit()
    {
        const int fanOut = 300, fanIn = 200;
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));

        var w = Init.GlorotUniform(new Rng(4), DType.Float64, fanOut, fanIn);

        Assert.Equal(new Shape(fanOut, fanIn), w.Shape);
        var values = w.ToDoubleArray();
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        Assert.True(values.Max() > 0.99 * limit && values.Min() < -0.99 * limit, "the draws should reach the limits");
    }

    [Fact]
    public void GlorotNormal_has_the_Glorot_deviation()
    {
        const int fanOut = 300, fanIn = 200;

        var w = Init.GlorotNormal(new Rng(5), DType.Float64, fanOut, fanIn);

        Assert.Equal(new Shape(fanOut, fanIn), w.Shape);
        var (mean, std) = Moments(w);
        double expected = Math.Sqrt(2.0 / (fanIn + fanOut));
        Assert.InRange(mean, -0.05 * expected, 0.05 * expected);
        Assert.InRange(std, 0.97 * expected, 1.03 * expected);
    }
}
