using System.Numerics;

namespace AutoGradRnn.Sampling;

/// <summary>
/// Draws a token id from a model's output with a temperature: the probabilities are
/// <c>softmax(logits / T)</c> (or, from probabilities, <c>p^(1/T)</c> renormalised, which is the same thing).
/// T = 1 samples the model's distribution, T → 0 approaches argmax and T = 0 is argmax exactly (the first
/// largest entry), T &gt; 1 flattens it. One uniform draw from the <see cref="Rng"/> per sample, so a seed
/// fixes the sequence. Nothing is allocated.
/// </summary>
public static class Sampler
{
    /// <summary>Samples from <c>softmax(logits / temperature)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The logits are empty, contain NaN, or are all −∞.</exception>
    public static int Sample(ReadOnlySpan<float> logits, double temperature, Rng rng) => Core(logits, temperature, rng, fromProbabilities: false);

    /// <inheritdoc cref="Sample(ReadOnlySpan{float}, double, Rng)"/>
    public static int Sample(ReadOnlySpan<double> logits, double temperature, Rng rng) => Core(logits, temperature, rng, fromProbabilities: false);

    /// <summary>Samples from the logits in a rank-1 tensor, or in the last row of a larger one.</summary>
    public static int Sample(Tensor logits, double temperature, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int v = logits.Shape.Last;
        return logits.DType == DType.Float32
            ? Sample(logits.Span<float>()[^v..], temperature, rng)
            : Sample(logits.Span<double>()[^v..], temperature, rng);
    }

    /// <summary>Samples from a probability vector (the course's <c>np.random.choice(range(V), p=p.ravel())</c>
    /// at temperature 1), sharpened or flattened as <c>p^(1/T)</c>. The values need not sum to one exactly.</summary>
    /// <exception cref="ArgumentException">A probability is negative or NaN, or all are zero.</exception>
    public static int SampleProbabilities(ReadOnlySpan<float> probabilities, double temperature, Rng rng) => Core(probabilities, temperature, rng, fromProbabilities: true);

    /// <inheritdoc cref="SampleProbabilities(ReadOnlySpan{float}, double, Rng)"/>
    public static int SampleProbabilities(ReadOnlySpan<double> probabilities, double temperature, Rng rng) => Core(probabilities, temperature, rng, fromProbabilities: true);

    /// <summary>The index of the first largest value.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        if (values.IsEmpty) throw new ArgumentException("Cannot take the argmax of an empty vector.", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /// <summary>Checks a temperature: finite and ≥ 0.</summary>
    public static void ValidateTemperature(double temperature)
    {
        if (!double.IsFinite(temperature) || temperature < 0)
            throw new ArgumentOutOfRangeException(nameof(temperature),
                $"The sampling temperature must be a finite number ≥ 0 (0 = argmax, 1 = the model's distribution); got {temperature}.");
    }

    private static int Core<T>(ReadOnlySpan<T> values, double temperature, Rng rng, bool fromProbabilities) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        ValidateTemperature(temperature);
        if (values.IsEmpty) throw new ArgumentException("Cannot sample from an empty vector.", nameof(values));

        // Work in log space: a logit, or ln p for a probability.
        double max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double x = double.CreateTruncating(values[i]);
            if (double.IsNaN(x)) throw new ArgumentException($"Entry {i} is NaN; cannot sample.", nameof(values));
            if (fromProbabilities && x < 0) throw new ArgumentException($"Probability {i} is negative ({x}).", nameof(values));
            double l = fromProbabilities ? Math.Log(x) : x;
            if (l == double.PositiveInfinity) throw new ArgumentException($"Entry {i} is infinite; cannot sample.", nameof(values));
            if (l > max) max = l;
        }
        if (double.IsNegativeInfinity(max))
            throw new ArgumentException(fromProbabilities ? "All probabilities are zero; cannot sample." : "All logits are −∞; cannot sample.", nameof(values));

        if (temperature == 0) return ArgMax(values);

        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += Weight(values[i], max, temperature, fromProbabilities);
        double u = rng.NextDouble() * sum;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double w = Weight(values[i], max, temperature, fromProbabilities);
            if (w <= 0) continue;
            cumulative += w;
            last = i;
            if (u < cumulative) return i;
        }
        return last; // rounding left u at the very top: the last index with weight
    }

    private static double Weight<T>(T value, double max, double temperature, bool fromProbabilities) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(value);
        double l = fromProbabilities ? Math.Log(x) : x;
        return Math.Exp((l - max) / temperature);
    }
}
