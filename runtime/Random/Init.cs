namespace AutoGradRnn;

/// <summary>Seeded, deterministic initialisers. Each fills a new tensor from an <see cref="Rng"/>, in
/// row-major order, so the same seed gives the same weights in float32 and (up to rounding) float64.</summary>
public static class Init
{
    /// <summary>Uniform in [low, high).</summary>
    public static Tensor Uniform(Rng rng, DType dtype, double low, double high, params int[] dims) =>
        Fill(dtype, dims, () => low + (high - low) * rng.NextDouble());

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public static Tensor Normal(Rng rng, DType dtype, double mean, double std, params int[] dims) =>
        Fill(dtype, dims, () => mean + std * rng.NextGaussian());

    /// <summary>The course's <c>np.random.randn(...) * std</c>: standard normal draws scaled by <paramref name="std"/>.</summary>
    public static Tensor RandnScaled(Rng rng, DType dtype, double std, params int[] dims) => Normal(rng, dtype, 0, std, dims);

    /// <summary>Glorot/Xavier uniform for a [fanOut, fanIn] matrix: U(±√(6 / (fanIn + fanOut))).</summary>
    public static Tensor GlorotUniform(Rng rng, DType dtype, int fanOut, int fanIn)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(rng, dtype, -limit, limit, fanOut, fanIn);
    }

    /// <summary>Glorot/Xavier normal for a [fanOut, fanIn] matrix: N(0, √(2 / (fanIn + fanOut))).</summary>
    public static Tensor GlorotNormal(Rng rng, DType dtype, int fanOut, int fanIn) =>
        Normal(rng, dtype, 0, Math.Sqrt(2.0 / (fanIn + fanOut)), fanOut, fanIn);

    private static Tensor Fill(DType dtype, int[] dims, Func<double> next)
    {
        var t = Tensor.Zeros(dtype, dims);
        for (int i = 0; i < t.Length; i++) t.SetAt(i, next());
        return t;
    }
}
