using System.Globalization;
using AutoGradRnn.Models.Experiments.Common;

namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>What the <c>exploding</c> experiment measures (the command's options).</summary>
public sealed record ExplodingSettings
{
    public IReadOnlyList<string> Models { get; init; } = ["elman", "lstm"];
    public IReadOnlyList<int> Hidden { get; init; } = [16, 64];
    public IReadOnlyList<double> Scales { get; init; } = [0.5, 1, 2, 4];
    /// <summary>T, the steps the loss at the last step is propagated back through.</summary>
    public int Steps { get; init; } = 100;
    public int Batch { get; init; } = 16;
    public int Inputs { get; init; } = 8;
    public int Classes { get; init; } = 8;
    /// <summary>The element-wise clip threshold c (entries to ±c).</summary>
    public double Clip { get; init; } = 1;
    /// <summary>The global-norm clip threshold n.</summary>
    public double ClipNorm { get; init; } = 5;
    /// <summary>The LSTM's initial forget-gate bias.</summary>
    public double ForgetBias { get; init; }
    public ulong Seed { get; init; } = 1;
}

/// <summary>One network's measurement.</summary>
public sealed record ExplodingResult(string Kind, int Hidden, double Scale, double[] Norms, double[] MeanAbs, double[] InputNorms, ClipEffect HiddenClip, ClipEffect WeightClip)
{
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Kind} H {Hidden} scale {Scale:G4}");

    /// <summary>The geometric mean of ‖∂L/∂h_t‖'s change per step back, (‖g_{T−1}‖ / ‖g_0‖)^(1/(T−1)): above 1 the
    /// gradient explodes going back in time, below 1 it vanishes.</summary>
    public double GrowthPerStep => Norms.Length < 2 || Norms[0] == 0 ? double.NaN : Math.Pow(Norms[^1] / Norms[0], 1.0 / (Norms.Length - 1));
}

/// <summary>
/// For each network, hidden size and weight scale: one batch of random sequences, the loss at the last step, and the
/// gradient's norm and mean absolute value at every step back through the sequence (float64, so neither overflows);
/// then what element-wise and global-norm clipping make of the whole gradient.
/// </summary>
public static class ExplodingExperiment
{
    public static List<ExplodingResult> Run(ExplodingSettings s, TextWriter progress)
    {
        var results = new List<ExplodingResult>();
        foreach (var kind in s.Models)
        {
            foreach (int hidden in s.Hidden)
            {
                foreach (double scale in s.Scales)
                {
                    var result = Measure(kind, hidden, scale, s);
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {result.Label,-26} ‖∂L/∂h‖ at the last step {ResultTable.Scientific(result.Norms[0])}, {s.Steps - 1} steps back {ResultTable.Scientific(result.Norms[^1])} (×{result.GrowthPerStep:G3} per step)"));
                    results.Add(result);
                }
            }
        }
        return results;
    }

    public static ExplodingResult Measure(string kind, int hidden, double scale, ExplodingSettings s)
    {
        // The same inputs and targets for every network of a seed; the weights from their own stream.
        var batch = ProbeBatch.Random(new Rng(s.Seed), DType.Float64, s.Steps, s.Batch, s.Inputs, s.Classes);
        var probe = GradientProbe.Create(kind, new ProbeConfig(s.Inputs, hidden, s.Classes, scale, s.ForgetBias), DType.Float64, new Rng(s.Seed * 7_777 + 1));
        var profile = probe.Measure(batch);
        return new ExplodingResult(kind, hidden, scale, profile.NormByStepsBack(), profile.MeanAbsByStepsBack(), profile.InputNormByStepsBack(),
            ClipEffect.Of([new NamedTensor("dh", profile.HiddenGradients)], s.Clip, s.ClipNorm), ClipEffect.Of(profile.WeightGradients, s.Clip, s.ClipNorm));
    }

    /// <summary>The steps back shown in the tables: 0, 1, 5, 10, 20, 50, 100, … below T, and T − 1.</summary>
    public static int[] ShownSteps(int steps) =>
        new[] { 0, 1, 5, 10, 20, 50, 100, 200, 500, 1000 }.Where(k => k < steps).Append(steps - 1).Distinct().ToArray();

    /// <summary>A per-step table: one row per network, the value at each shown step back, and the growth per step.</summary>
    public static ResultTable PerStepTable(IReadOnlyList<ExplodingResult> results, Func<ExplodingResult, double[]> values, int steps)
    {
        var shown = ShownSteps(steps);
        var table = new ResultTable([.. new[] { "network" }, .. shown.Select(k => $"k = {k}"), "× per step"]);
        foreach (var r in results)
            table.Add([r.Label, .. shown.Select(k => ResultTable.Scientific(values(r)[k])), r.GrowthPerStep.ToString("G3", CultureInfo.InvariantCulture)]);
        return table;
    }

    /// <summary>What clipping makes of a gradient: its norm and largest entry unclipped, element-wise clipped, norm-clipped.</summary>
    public static ResultTable ClipTable(IReadOnlyList<ExplodingResult> results, Func<ExplodingResult, ClipEffect> effect, ExplodingSettings s)
    {
        string c = s.Clip.ToString("G4", CultureInfo.InvariantCulture), n = s.ClipNorm.ToString("G4", CultureInfo.InvariantCulture);
        var table = new ResultTable("network", "‖g‖", "‖g‖∞", $"‖g‖, ±{c}", $"‖g‖∞, ±{c}", $"‖g‖, norm {n}", $"‖g‖∞, norm {n}");
        foreach (var r in results)
        {
            var e = effect(r);
            table.Add(r.Label, ResultTable.Scientific(e.Norm), ResultTable.Scientific(e.MaxAbs), ResultTable.Scientific(e.ElementwiseNorm),
                ResultTable.Scientific(e.ElementwiseMaxAbs), ResultTable.Scientific(e.GlobalNorm), ResultTable.Scientific(e.GlobalMaxAbs));
        }
        return table;
    }

    /// <summary>log₁₀ ‖∂L/∂h_t‖ against the steps back, a line per network.</summary>
    public static void Plot(string path, IReadOnlyList<ExplodingResult> results, int steps)
    {
        var x = Enumerable.Range(0, steps).Select(k => (double)k).ToArray();
        var series = results.Select(r => new ChartSeries(r.Label, x, r.Norms.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray())
        {
            Dashed = r.Kind == "lstm",
        }).ToList();
        Chart.Save(path, "Gradient of the last step's loss, back through time (LSTM dashed)", "steps back k = T − 1 − t", "log10 ‖∂L/∂h_t‖", series, width: 1100, height: 700);
    }
}
