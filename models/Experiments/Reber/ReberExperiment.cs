using System.Diagnostics;
using System.Globalization;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>How one Reber run trains and is measured (the <c>reber</c> command's options).</summary>
public sealed record ReberSettings
{
    public int Hidden { get; init; } = 16;
    public int Embedding { get; init; } = 8;
    /// <summary>Strings per batch (each batch holds strings of one length).</summary>
    public int Batch { get; init; } = 16;
    /// <summary>The most passes over the training strings.</summary>
    public int Epochs { get; init; } = 60;
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Global-norm clip; 0 off.</summary>
    public double ClipNorm { get; init; } = 5;
    public int TrainStrings { get; init; } = 1000;
    public int TestStrings { get; init; } = 1000;
    /// <summary>Every this many epochs: a progress line, and a check of the training strings; a run stops once every
    /// training string is fully right.</summary>
    public int CheckEvery { get; init; } = 5;
    public ulong Seed { get; init; } = 1;
}

/// <summary>The outcome of one run on held-out strings.</summary>
public sealed record ReberResult(string Kind, bool Embedded, double TestRight, double SecondToLastRight, double TrainRight, int Epochs, double Seconds, int TestStrings);

/// <summary>
/// Trains one network on generated strings of one grammar, the batches shuffled every epoch, and measures the fraction
/// of held-out strings (generated from another seed, none equal to a training string) that it processes fully right.
/// </summary>
public static class ReberExperiment
{
    /// <summary>The training and held-out strings of a grammar: <paramref name="train"/> generated strings, then
    /// <paramref name="test"/> others from another seed that are not among them. Plain strings are kept only above 10
    /// symbols (as the reference sample).</summary>
    public static (List<int[]> Train, List<int[]> Test) Strings(bool embedded, int train, int test, ulong seed)
    {
        var rng = new Rng(seed * 7_919 + (embedded ? 1UL : 0UL));
        int[] Next() => embedded ? ReberGrammar.Embedded(rng) : ReberGrammar.Plain(rng, minLength: 10);
        var training = Enumerable.Range(0, train).Select(_ => Next()).ToList();
        var seen = training.Select(ReberGrammar.Format).ToHashSet(StringComparer.Ordinal);
        var held = new List<int[]>();
        for (int tries = 0; held.Count < test; tries++)
        {
            if (tries > 1000 * test) throw new InvalidOperationException("Could not draw enough held-out strings unlike the training strings.");
            var s = Next();
            if (!seen.Contains(ReberGrammar.Format(s))) held.Add(s);
        }
        return (training, held);
    }

    public static ReberResult Run(string kind, bool embedded, ReberSettings settings, TextWriter progress)
    {
        var (trainStrings, testStrings) = Strings(embedded, settings.TrainStrings, settings.TestStrings, settings.Seed);
        var train = ReberBatch.Create(trainStrings, embedded, settings.Batch, DType.Float32);
        var test = ReberBatch.Create(testStrings, embedded, settings.Batch, DType.Float32);
        var rng = new Rng(settings.Seed);
        var model = ReberModel.Create(kind, new ReberConfig(settings.Embedding, settings.Hidden), DType.Float32, rng);
        var optimizer = OptimizerChoice.Create(settings.Optimizer, settings.LearningRate);
        IGradientClipper clipper = settings.ClipNorm > 0 ? new GlobalNormClipper(settings.ClipNorm) : new NoClipping();
        var parameters = model.Weights.NamedTensors();
        var gradientContainer = model.NewGradients();
        var gradients = gradientContainer.NamedTensors();
        var order = Enumerable.Range(0, train.Count).ToArray();
        var clock = Stopwatch.StartNew();
        string name = embedded ? "embedded" : "plain";
        int epoch = 0;
        double trainRight = double.NaN;
        while (epoch < settings.Epochs)
        {
            Shuffle(order, rng);
            double loss = 0;
            long steps = 0;
            foreach (int i in order)
            {
                gradientContainer.ZeroAll();
                double l = model.TrainBatch(train[i], gradientContainer);
                if (!double.IsFinite(l)) throw new ExperimentDivergedException($"reber: {kind} on {name} strings diverged in epoch {epoch + 1} (loss {l}); try a lower --lr.");
                clipper.Clip(gradients);
                optimizer.Step(parameters, gradients);
                loss += l;
                steps += train[i].Steps;
            }
            epoch++;
            if (epoch % settings.CheckEvery == 0 || epoch == settings.Epochs)
            {
                trainRight = Fraction(model, train).Right;
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind,-5} {name,-8}  epoch {epoch,4}  loss {loss / steps,7:F4}/step  training strings fully right {ResultTable.Percent(trainRight),6}  {clock.Elapsed.TotalSeconds,5:F0}s"));
                if (trainRight >= 1.0) break;
            }
        }
        var (right, secondToLast) = Fraction(model, test);
        return new ReberResult(kind, embedded, right, secondToLast, trainRight, epoch, clock.Elapsed.TotalSeconds, testStrings.Count);
    }

    /// <summary>The fraction of strings fully right, and of strings whose second-to-last step is right.</summary>
    public static (double Right, double SecondToLast) Fraction(ReberModel model, IReadOnlyList<ReberBatch> batches)
    {
        long right = 0, secondToLast = 0, total = 0;
        foreach (var batch in batches)
        {
            var (r, s) = model.Score(batch);
            right += r.Count(x => x);
            secondToLast += s.Count(x => x);
            total += batch.Size;
        }
        return (right / (double)total, secondToLast / (double)total);
    }

    private static void Shuffle(int[] order, Rng rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    public static ResultTable Table(IEnumerable<ReberResult> results)
    {
        var table = new ResultTable("network", "grammar", "held-out strings", "fully right", "second-to-last step (T/P) right", "training strings right", "epochs", "time");
        foreach (var r in results)
        {
            table.Add(r.Kind, r.Embedded ? "embedded" : "plain", r.TestStrings.ToString(CultureInfo.InvariantCulture), ResultTable.Percent(r.TestRight),
                r.Embedded ? ResultTable.Percent(r.SecondToLastRight) : "—", ResultTable.Percent(r.TrainRight), r.Epochs.ToString(CultureInfo.InvariantCulture), ResultTable.Number(r.Seconds, 0) + " s");
        }
        return table;
    }
}
