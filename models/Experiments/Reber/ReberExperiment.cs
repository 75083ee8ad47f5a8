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
        var task = new ShuffledPasses(model, train, rng);
        var trainer = new Trainer(task, OptimizerChoice.Create(settings.Optimizer, settings.LearningRate), settings.ClipNorm > 0 ? new GlobalNormClipper(settings.ClipNorm) : null);
        string name = embedded ? "embedded" : "plain";
        double trainRight = double.NaN;
        try
        {
            while (task.Epoch < settings.Epochs)
            {
                trainer.Run(trainer.Step + train.Count);
                if (task.Epoch % settings.CheckEvery == 0 || task.Epoch == settings.Epochs)
                {
                    trainRight = Fraction(model, train).Right;
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {kind,-5} {name,-8}  epoch {task.Epoch,4}  loss {task.PassLoss,7:F4}/step  training strings fully right {ResultTable.Percent(trainRight),6}  {trainer.Elapsed.TotalSeconds,5:F0}s"));
                    if (trainRight >= 1.0) break;
                }
            }
        }
        catch (TrainingDivergedException e)
        {
            throw new ExperimentDivergedException($"reber: {kind} on {name} strings diverged in epoch {task.Epoch} (step {e.Step}): {e.Reason}; try a lower --lr.");
        }
        var (right, secondToLast) = Fraction(model, test);
        return new ReberResult(kind, embedded, right, secondToLast, trainRight, task.Epoch, trainer.Elapsed.TotalSeconds, testStrings.Count);
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

    /// <summary>Passes over the training batches, each in a fresh random order; the loss per step of the pass.</summary>
    private sealed class ShuffledPasses(ReberModel model, IReadOnlyList<ReberBatch> batches, Rng rng) : ITrainingTask
    {
        private readonly int[] _order = Enumerable.Range(0, batches.Count).ToArray();
        private int _next = batches.Count;
        private double _loss;
        private long _steps;

        public IParameters Weights => model.Weights;

        public IParameters NewGradients() => model.NewGradients();

        /// <summary>The passes begun so far (the pass of the last step).</summary>
        public int Epoch { get; private set; }

        public double TrainStep(IParameters gradients)
        {
            if (_next == _order.Length)
            {
                Shuffle(_order, rng);
                _next = 0;
                Epoch++;
                (_loss, _steps) = (0, 0);
            }
            var batch = batches[_order[_next++]];
            double loss = model.TrainBatch(batch, gradients);
            _loss += loss;
            _steps += batch.Steps;
            return loss;
        }

        /// <summary>The loss per step of the pass so far.</summary>
        public double PassLoss => _loss / _steps;

        private static void Shuffle(int[] order, Rng rng)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
    }
}
