namespace AutoGradRnn;

/// <summary>
/// Confirms analytic gradients against central finite differences in float64. The differences are taken of
/// <see cref="IDifferentiableFunction.Value"/>, the reference (for a generated handle, the user's own method), and the
/// check first asserts that the computation under test computes what the reference computes at the checked point
/// (forward equivalence: every output, and the value). A cheap random-direction check comes next (one pair of
/// evaluations for the whole function); entries are then checked one by one when it fails or when asked: every entry
/// of a small tensor, a seeded sample of a large one.
/// </summary>
public static class GradientChecker
{
    /// <summary>The smallest denominator of a relative error, so that two zeros compare as equal.</summary>
    public const double Tiny = 1e-300;

    public static GradientCheckResult Check(IDifferentiableFunction function, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        options ??= GradientCheckOptions.Default;
        if (function.ForwardTolerance > options.ForwardTolerance) options = options with { ForwardTolerance = function.ForwardTolerance };
        var inputs = function.Inputs;
        foreach (var input in inputs)
        {
            if (input.Value.DType != DType.Float64)
                throw new InvalidOperationException($"Gradient checking runs in float64, but input '{input.Name}' is {input.Value.DType}; convert it with ToFloat64().");
        }

        var gradients = inputs.Select(i => Tensor.ZerosLike(i.Value)).ToList();
        double value = function.ValueAndGradient(gradients);
        var forward = CheckForward(function, value, options);
        var rng = new Rng(options.Seed);

        var direction = CheckDirection(function, gradients, rng, options);
        var tensors = new List<TensorCheck>();
        if (!direction.Passed || options.CheckEveryEntry)
        {
            for (int k = 0; k < inputs.Count; k++) tensors.Add(CheckEntries(function, inputs[k], gradients[k], rng, options));
        }
        return new GradientCheckResult(options, value, forward, direction, tensors);
    }

    /// <summary>The value under test against the reference's value, then every output the function compares.</summary>
    private static IReadOnlyList<ForwardCheck> CheckForward(IDifferentiableFunction function, double value, GradientCheckOptions options)
    {
        var checks = new List<ForwardCheck> { ForwardCheck.Compare("value", value, function.Value()) };
        checks.AddRange(function.CompareForward());
        return checks.Select(c => c with
        {
            Passed = c.AbsoluteError <= options.ForwardTolerance * Math.Max(1, Math.Abs(c.Reference)) && !double.IsInfinity(c.AbsoluteError),
        }).ToList();
    }

    /// <summary>Compares ⟨g, v⟩ with (f(x + hv) − f(x − hv)) / 2h for a seeded random unit direction v over all inputs.</summary>
    private static EntryCheck CheckDirection(IDifferentiableFunction function, List<Tensor> gradients, Rng rng, GradientCheckOptions options)
    {
        var inputs = function.Inputs;
        var directions = inputs.Select(i => Init.Normal(rng, DType.Float64, 0, 1, i.Value.Shape.ToArray())).ToList();
        double norm = Math.Sqrt(directions.Sum(d => Ops.Dot(d, d)));
        double analytic = 0;
        for (int k = 0; k < inputs.Count; k++)
        {
            if (norm > 0) directions[k] = Ops.Scale(directions[k], 1 / norm);
            analytic += Ops.Dot(gradients[k], directions[k]);
        }
        var saved = inputs.Select(i => i.Value.Clone()).ToList();
        double Shifted(double step)
        {
            for (int k = 0; k < inputs.Count; k++)
            {
                var x = inputs[k].Value.Span<double>();
                var s = saved[k].Span<double>();
                var d = directions[k].Span<double>();
                for (int i = 0; i < x.Length; i++) x[i] = s[i] + step * d[i];
            }
            return function.Value();
        }
        double numeric;
        try
        {
            numeric = (Shifted(options.Epsilon) - Shifted(-options.Epsilon)) / (2 * options.Epsilon);
        }
        finally
        {
            for (int k = 0; k < inputs.Count; k++) inputs[k].Value.CopyFrom(saved[k]);
        }
        return Compare("(direction)", "", analytic, numeric, options);
    }

    private static TensorCheck CheckEntries(IDifferentiableFunction function, NamedTensor input, Tensor gradient, Rng rng, GradientCheckOptions options)
    {
        var x = input.Value;
        var entries = new List<EntryCheck>();
        foreach (int i in EntriesToCheck(x.Length, rng, options))
        {
            double original = x.GetAt(i);
            double plus, minus;
            try
            {
                x.SetAt(i, original + options.Epsilon);
                plus = function.Value();
                x.SetAt(i, original - options.Epsilon);
                minus = function.Value();
            }
            finally
            {
                x.SetAt(i, original);
            }
            entries.Add(Compare(input.Name, x.Rank == 0 ? "" : x.Shape.FormatIndex(i), gradient.GetAt(i), (plus - minus) / (2 * options.Epsilon), options));
        }
        var worst = entries.OrderBy(e => e.Passed).ThenByDescending(e => e.RelativeError).ThenByDescending(e => e.AbsoluteError)
            .Take(options.WorstEntries).ToList();
        return new TensorCheck(
            input.Name,
            x.Shape,
            entries.Count,
            entries.Count == 0 ? 0 : entries.Max(e => e.AbsoluteError),
            entries.Count == 0 ? 0 : entries.Max(e => e.RelativeError),
            entries.All(e => e.Passed),
            worst);
    }

    private static IEnumerable<int> EntriesToCheck(int length, Rng rng, GradientCheckOptions options)
    {
        if (length <= options.ExhaustiveLimit || length <= options.SampleSize) return Enumerable.Range(0, length);
        var chosen = new SortedSet<int>();
        while (chosen.Count < options.SampleSize) chosen.Add(rng.NextInt(length));
        return chosen;
    }

    /// <summary>The error measure: rel = |a − n| / max(|a|, |n|, tiny); pass when abs or rel is within tolerance.</summary>
    public static EntryCheck Compare(string tensor, string index, double analytic, double numeric, GradientCheckOptions options)
    {
        double abs = Math.Abs(analytic - numeric);
        double rel = abs / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), Tiny);
        bool passed = double.IsFinite(analytic) && double.IsFinite(numeric) && (abs <= options.AbsoluteTolerance || rel <= options.RelativeTolerance);
        return new EntryCheck(tensor, index, analytic, numeric, abs, rel, passed);
    }
}
