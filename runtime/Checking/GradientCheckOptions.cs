namespace AutoGradRnn;

/// <summary>How the gradient checker perturbs and judges.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>The central-difference step h: (f(x + h) − f(x − h)) / 2h.</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>An entry passes when its relative error |a − n| / max(|a|, |n|, tiny) is at most this…</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>…or when its absolute error |a − n| is at most this.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>How far an output of the computation under test may lie from the reference's (the user's method) at the
    /// checked point, relative to max(1, |reference|). 0, the default, demands bit-identical outputs: the generated
    /// forward calls the same primitives in the same order as the method.</summary>
    public double ForwardTolerance { get; init; }

    /// <summary>Check every entry even when the random-direction check passes.</summary>
    public bool CheckEveryEntry { get; init; }

    /// <summary>Tensors with at most this many entries are checked entry by entry in full; larger ones on
    /// a seeded sample of <see cref="SampleSize"/> entries.</summary>
    public int ExhaustiveLimit { get; init; } = 1024;

    public int SampleSize { get; init; } = 128;

    /// <summary>How many worst entries each tensor's report lists.</summary>
    public int WorstEntries { get; init; } = 5;

    /// <summary>Seeds the random direction and the entry sample.</summary>
    public ulong Seed { get; init; } = 1;

    public static GradientCheckOptions Default { get; } = new();
}
