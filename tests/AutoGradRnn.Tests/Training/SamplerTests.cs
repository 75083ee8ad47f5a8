using AutoGradRnn.Sampling;

namespace AutoGradRnn.Tests.Training;

public class SamplerTests
{
    private static readonly double[] Logits = [1.0, 2.0, 0.5];

    private static double[] Softmax(double[] logits, double t)
    {
        var e = logits.Select(l => Math.Exp(l / t)).ToArray();
        return e.Select(x => x / e.Sum()).ToArray();
    }

    [Fact]
    public void A_seed_fixes_the_samples()
    {
        int[] Draw(ulong seed)
        {
            var rng = new Rng(seed);
            return Enumerable.Range(0, 50).Select(_ => Sampler.Sample(Logits, 1.0, rng)).ToArray();
        }

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void Temperature_zero_is_argmax()
    {
        var rng = new Rng(1);
        Assert.Equal(1, Sampler.Sample(Logits, 0, rng));
        Assert.Equal(2, Sampler.Sample(new float[] { -3, 0, 5, 5 }, 0, rng)); // the first of ties
        Assert.Equal(0, Sampler.SampleProbabilities(new[] { 0.7, 0.2, 0.1 }, 0, rng));
        // A very small temperature is argmax in practice.
        for (int i = 0; i < 100; i++) Assert.Equal(1, Sampler.Sample(Logits, 1e-6, rng));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Frequencies_follow_softmax_of_logits_over_temperature(double temperature)
    {
        const int n = 200_000;
        var rng = new Rng(2024);
        var counts = new int[3];
        var logits32 = Logits.Select(x => (float)x).ToArray();
        for (int i = 0; i < n; i++) counts[i % 2 == 0 ? Sampler.Sample(Logits, temperature, rng) : Sampler.Sample(logits32, temperature, rng)]++;

        var expected = Softmax(Logits, temperature);
        for (int k = 0; k < 3; k++)
        {
            // 5 standard deviations of a binomial proportion.
            double sd = Math.Sqrt(expected[k] * (1 - expected[k]) / n);
            Assert.InRange(counts[k] / (double)n, expected[k] - 5 * sd, expected[k] + 5 * sd);
        }
    }

    [Fact]
    public void Probabilities_at_temperature_one_are_sampled_as_given()
    {
        const int n = 100_000;
        var rng = new Rng(5);
        var p = new[] { 0.2, 0.0, 0.5, 0.3 };
        var counts = new int[4];
        for (int i = 0; i < n; i++) counts[Sampler.SampleProbabilities(p, 1.0, rng)]++;

        Assert.Equal(0, counts[1]);
        for (int k = 0; k < 4; k++) Assert.Equal(p[k], counts[k] / (double)n, 0.01);

        // p^(1/T) is softmax(ln p / T): the same index sequence from the same seed.
        var a = new Rng(9);
        var b = new Rng(9);
        var logs = p.Select(x => Math.Log(x)).ToArray();
        for (int i = 0; i < 100; i++) Assert.Equal(Sampler.Sample(logs, 0.7, a), Sampler.SampleProbabilities(p, 0.7, b));
    }

    [Fact]
    public void Tensors_sample_their_last_row()
    {
        var t = Tensor.FromArray(new double[] { 9, 0, 0, 0, 0, 9 }, 2, 3);
        Assert.Equal(2, Sampler.Sample(t, 0, new Rng(1)));
        Assert.Equal(2, Sampler.Sample(t.ToFloat32(), 0.01, new Rng(1)));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_temperatures_are_refused_with_a_clear_message(double temperature)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sampler.Sample(Logits, temperature, new Rng(1)));
        Assert.Contains("temperature must be a finite number ≥ 0", e.Message);
    }

    [Fact]
    public void Bad_vectors_are_refused()
    {
        var rng = new Rng(1);
        Assert.Throws<ArgumentException>(() => Sampler.Sample(ReadOnlySpan<double>.Empty, 1, rng));
        Assert.Contains("Entry 1 is NaN", Assert.Throws<ArgumentException>(() => Sampler.Sample(new[] { 0, double.NaN }, 1, rng)).Message);
        Assert.Contains("All logits are −∞", Assert.Throws<ArgumentException>(() => Sampler.Sample(new[] { double.NegativeInfinity }, 1, rng)).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => Sampler.SampleProbabilities(new[] { 0.5, -0.1 }, 1, rng)).Message);
        Assert.Contains("All probabilities are zero", Assert.Throws<ArgumentException>(() => Sampler.SampleProbabilities(new[] { 0.0, 0.0 }, 1, rng)).Message);
    }

    [Fact]
    public void Sampling_allocates_nothing()
    {
        var rng = new Rng(3);
        var logits = new float[65];
        for (int i = 0; i < 10; i++) Sampler.Sample(logits, 0.8, rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Sampler.Sample(logits, 0.8, rng);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
