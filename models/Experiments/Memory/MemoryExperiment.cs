using System.Globalization;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>How one memorization run trains and is measured (the <c>memory</c> command's options).</summary>
public sealed record MemorySettings
{
    public int Hidden { get; init; } = 128;
    public int Embedding { get; init; } = 16;
    /// <summary>Added to the LSTM's initial forget-gate biases.</summary>
    public double ForgetBias { get; init; }
    public int Batch { get; init; } = 32;
    /// <summary>The most training steps (batches of fresh sequences) per run.</summary>
    public int Steps { get; init; } = 3000;
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>Global-norm clip; 0 off.</summary>
    public double ClipNorm { get; init; } = 5;
    /// <summary>Fresh sequences the accuracy is measured on at the end (SEEDS.md: 700).</summary>
    public int TestSequences { get; init; } = 700;
    /// <summary>Every this many steps: a progress line and a check on fresh sequences.</summary>
    public int CheckEvery { get; init; } = 250;
    /// <summary>Fresh sequences of each check; a run stops early once a check gets every one of them fully right.</summary>
    public int CheckSequences { get; init; } = 256;
    public ulong Seed { get; init; } = 1;
}

/// <summary>The outcome of one run: accuracy on the recall positions of fresh test sequences.</summary>
public sealed record MemoryResult(string Kind, int Length, double Accuracy, double LossPerSymbol, int Steps, double Seconds);

/// <summary>
/// Trains one network on the memorization task of one length, on fresh random batches every step, and measures its
/// accuracy on the recall positions of <see cref="MemorySettings.TestSequences"/> fresh sequences drawn from their own
/// seed (the same test sequences for every network of that length).
/// </summary>
public static class MemoryExperiment
{
    public static MemoryResult Run(string kind, int length, MemorySettings settings, TextWriter progress)
    {
        var rng = new Rng(settings.Seed);
        var model = MemoryModel.Create(kind, new MemoryConfig(settings.Embedding, settings.Hidden, settings.ForgetBias), DType.Float32, rng);
        var task = new FreshBatches(model, new Rng(settings.Seed * 1_000_003 + (ulong)length), length, settings.Batch);
        var trainer = new Trainer(task, OptimizerChoice.Create(settings.Optimizer, settings.LearningRate), settings.ClipNorm > 0 ? new GlobalNormClipper(settings.ClipNorm) : null);
        var checks = new Rng(settings.Seed * 2_000_003 + (ulong)length);
        double lossSum = 0, lastLoss = double.NaN;
        int lossCount = 0;
        trainer.AfterEachStep(t =>
        {
            lossSum += t.LastLoss;
            lossCount++;
        });
        trainer.Every(settings.CheckEvery, t =>
        {
            lastLoss = lossSum / lossCount;
            double accuracy = model.Accuracy(MemoryTask.Generate(checks, length, settings.CheckSequences));
            double seconds = t.Elapsed.TotalSeconds;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind,-5} L {length,3}  step {t.Step,6}  loss {lastLoss,7:F4}/symbol  check accuracy {ResultTable.Percent(accuracy),6}  {t.Step * (double)settings.Batch / seconds,7:F0} sequences/s  {seconds,6:F0}s"));
            lossSum = 0;
            lossCount = 0;
            if (accuracy >= 1.0) t.Stop();
        }, LastStep.Always);
        try
        {
            trainer.Run(settings.Steps);
        }
        catch (TrainingDivergedException e)
        {
            throw new ExperimentDivergedException($"memory: {kind} at length {length} diverged at step {e.Step}: {e.Reason}; try a lower --lr.");
        }
        var test = MemoryTask.Generate(new Rng(settings.Seed * 3_000_017 + (ulong)length), length, settings.TestSequences);
        return new MemoryResult(kind, length, model.Accuracy(test), lastLoss, (int)trainer.Step, trainer.Elapsed.TotalSeconds);
    }

    /// <summary>The result table: one row per network, one accuracy column per length.</summary>
    public static ResultTable Table(IReadOnlyList<MemoryResult> results, IReadOnlyList<int> lengths)
    {
        var table = new ResultTable([.. new[] { "network" }, .. lengths.Select(l => $"L = {l}")]);
        foreach (var kind in results.Select(r => r.Kind).Distinct())
        {
            table.Add([kind, .. lengths.Select(l => results.FirstOrDefault(r => r.Kind == kind && r.Length == l) is { } r ? ResultTable.Percent(r.Accuracy) : "—")]);
        }
        return table;
    }

    /// <summary>Each step a batch of fresh random sequences; the loss per recalled symbol.</summary>
    private sealed class FreshBatches(MemoryModel model, Rng data, int length, int batch) : ITrainingTask
    {
        public IParameters Weights => model.Weights;

        public IParameters NewGradients() => model.NewGradients();

        public int Epoch => 1;

        public double TrainStep(IParameters gradients) => model.TrainBatch(MemoryTask.Generate(data, length, batch), gradients) / length;
    }
}
