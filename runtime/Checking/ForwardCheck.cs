namespace AutoGradRnn;

/// <summary>
/// One output of the computation under test (a generated forward pass) against the same output of its reference (the
/// user's own method, as the C# compiler compiled it), at the same inputs: the entry where they differ most.
/// </summary>
/// <param name="Output">The output's name (<c>H</c>, <c>Result</c>; <c>value</c> for the function's scalar value).</param>
/// <param name="Index">The entry compared, e.g. <c>[2,1]</c>; empty for a double; the two shapes when they differ.</param>
/// <param name="Generated">The entry as the computation under test computed it.</param>
/// <param name="Reference">The entry as the reference computed it.</param>
/// <param name="AbsoluteError">|generated − reference| at that entry: 0 when every entry is bit-identical (NaN matching
/// NaN), ∞ when the shapes differ or only one side is NaN.</param>
/// <param name="Passed">Whether the checker accepted the difference (<see cref="GradientCheckOptions.ForwardTolerance"/>).</param>
public sealed record ForwardCheck(string Output, string Index, double Generated, double Reference, double AbsoluteError, bool Passed)
{
    /// <summary>Where the entry sits, e.g. <c>H[2,1]</c>.</summary>
    public string Location => Output + Index;

    /// <summary>Compares a tensor output entry by entry and keeps the worst entry.</summary>
    public static ForwardCheck Compare(string output, Tensor generated, Tensor reference)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        if (generated.Shape != reference.Shape)
            return new ForwardCheck(output, " (shape " + generated.Shape + " generated, " + reference.Shape + " by the method)", double.NaN, double.NaN, double.PositiveInfinity, false);
        var worst = new ForwardCheck(output, reference.Rank == 0 ? "" : reference.Shape.FormatIndex(0), 0, 0, 0, true);
        for (int i = 0; i < reference.Length; i++)
        {
            double g = generated.GetAt(i), r = reference.GetAt(i), error = Difference(g, r);
            if (i == 0 || error > worst.AbsoluteError)
                worst = new ForwardCheck(output, reference.Rank == 0 ? "" : reference.Shape.FormatIndex(i), g, r, error, error == 0);
        }
        return worst;
    }

    /// <summary>Compares a double output.</summary>
    public static ForwardCheck Compare(string output, double generated, double reference)
    {
        double error = Difference(generated, reference);
        return new ForwardCheck(output, "", generated, reference, error, error == 0);
    }

    /// <summary>|g − r|, with NaN equal to NaN and ∞ equal to the same ∞; ∞ when only one side is NaN.</summary>
    private static double Difference(double generated, double reference)
    {
        if (generated.Equals(reference)) return 0;
        if (double.IsNaN(generated) || double.IsNaN(reference)) return double.PositiveInfinity;
        return Math.Abs(generated - reference) is var d && double.IsNaN(d) ? double.PositiveInfinity : d;
    }
}
