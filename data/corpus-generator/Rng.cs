namespace CorpusGenerator;

/// <summary>
/// The corpus's choices, drawn from the project's own seeded generator (AutoGradRnn.Rng: xoshiro256** seeded
/// through splitmix64, integer arithmetic only), never System.Random, whose algorithm .NET does not promise to keep.
/// </summary>
internal sealed class Rng
{
    private readonly AutoGradRnn.Rng _rng;

    public Rng(ulong seed)
    {
        _rng = new AutoGradRnn.Rng(seed);
    }

    /// <summary>A uniform integer in [0, n), without modulo bias.</summary>
    public int Below(int n) => _rng.NextInt(n);

    /// <summary>A uniform integer in [lo, hi], both ends included.</summary>
    public int Range(int lo, int hi) => lo + Below(hi - lo + 1);

    /// <summary>True with probability percent/100.</summary>
    public bool Chance(int percent) => Below(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public string Pick(params string[] items) => items[Below(items.Length)];

    /// <summary>An index chosen with the given integer weights.</summary>
    public int Weighted(params int[] weights)
    {
        int total = 0;
        foreach (int w in weights) total += w;
        int x = Below(total);
        for (int i = 0; i < weights.Length; i++)
        {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return weights.Length - 1;
    }
}
