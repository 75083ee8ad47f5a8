namespace AutoGradRnn.Training;

/// <summary>Conversions of a mean cross-entropy in nats per token.</summary>
public static class LossMetrics
{
    /// <summary>ln 2.</summary>
    public const double Ln2 = 0.69314718055994530942;

    /// <summary>Bits per token (bits per character for a char-level model): nats / ln 2.</summary>
    public static double BitsPerToken(double natsPerToken) => natsPerToken / Ln2;

    /// <summary>Bits per character: nats / ln 2.</summary>
    public static double BitsPerCharacter(double natsPerCharacter) => natsPerCharacter / Ln2;

    /// <summary>Perplexity: exp(nats per token).</summary>
    public static double Perplexity(double natsPerToken) => Math.Exp(natsPerToken);

    /// <summary>The loss of a uniform guess over <paramref name="vocabularySize"/> tokens: ln V nats.</summary>
    public static double UniformNats(int vocabularySize) => -Math.Log(1.0 / vocabularySize);
}

/// <summary>Sums losses over an evaluation pass: total nats and token count, then the mean, bits and perplexity.</summary>
public struct LossAccumulator
{
    /// <summary>The summed loss in nats.</summary>
    public double TotalNats { get; private set; }

    /// <summary>The number of tokens whose loss was summed.</summary>
    public long Tokens { get; private set; }

    /// <summary>Adds the loss <paramref name="totalNats"/> summed over <paramref name="tokens"/> predictions.</summary>
    public void Add(double totalNats, long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        TotalNats += totalNats;
        Tokens += tokens;
    }

    public void Reset()
    {
        TotalNats = 0;
        Tokens = 0;
    }

    /// <summary>Mean nats per token (NaN when nothing was added).</summary>
    public readonly double NatsPerToken => Tokens == 0 ? double.NaN : TotalNats / Tokens;

    public readonly double BitsPerToken => LossMetrics.BitsPerToken(NatsPerToken);

    public readonly double Perplexity => LossMetrics.Perplexity(NatsPerToken);
}
