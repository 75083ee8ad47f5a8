namespace AutoGradRnn.Tests.Runtime;

/// <summary>The seeded generator: a pinned sequence (so a change to it is caught), ranges and rough uniformity.</summary>
public class RngTests
{
    /// <summary>The first outputs of xoshiro256** seeded by SplitMix64, computed with an independent
    /// implementation of the published algorithms.</summary>
    [Theory]
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL, 0x6aa594f1262d2d2cUL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL, 0xecb8ad4703b360a1UL)]
    public void The_sequence_of_a_seed_is_pinned(ulong seed, ulong first, ulong second, ulong third, ulong fourth)
    {
        var rng = new Rng(seed);

        Assert.Equal(new[] { first, second, third, fourth }, Enumerable.Range(0, 4).Select(_ => rng.NextUInt64()));
    }

    [Fact]
    public void NextDouble_uses_the_top_53_bits()
    {
        var rng = new Rng(42);

        Assert.Equal(0.08386297105988216, rng.NextDouble());
        Assert.Equal(0.3789802506626686, rng.NextDouble());
    }

    [Fact]
    public void NextDouble_stays_in_the_unit_interval()
    {
        var rng = new Rng(5);

        for (int i = 0; i < 10_000; i++) Assert.InRange(rng.NextDouble(), 0.0, Math.BitDecrement(1.0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextInt_stays_in_range(int maxExclusive)
    {
        var rng = new Rng(3);

        for (int i = 0; i < 5_000; i++) Assert.InRange(rng.NextInt(maxExclusive), 0, maxExclusive - 1);
    }

    [Fact]
    public void NextInt_fills_a_coarse_histogram_evenly()
    {
        const int buckets = 7, draws = 70_000;
        var rng = new Rng(11);
        var counts = new int[buckets];

        for (int i = 0; i < draws; i++) counts[rng.NextInt(buckets)]++;

        // Each count is about 10 000 ± 93 (one standard deviation); 5% is over five of them.
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NextInt_refuses_an_empty_range(int maxExclusive)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Rng(1).NextInt(maxExclusive));

        Assert.Contains(maxExclusive.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_seeds_repeat_and_different_seeds_differ()
    {
        ulong[] Draw(ulong seed)
        {
            var rng = new Rng(seed);
            return Enumerable.Range(0, 8).Select(_ => rng.NextUInt64()).ToArray();
        }

        Assert.Equal(Draw(9), Draw(9));
        Assert.Empty(Draw(9).Intersect(Draw(10)));
    }
}
