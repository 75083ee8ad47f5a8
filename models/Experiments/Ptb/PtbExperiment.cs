using System.Diagnostics;
using System.Globalization;
using AutoGradRnn.Data;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Ptb;

/// <summary>The PTB run's recipe: Zaremba et al.'s "small" configuration by default.</summary>
public sealed record PtbSettings
{
    /// <summary>The registered cell of every layer.</summary>
    public string Model { get; init; } = "lstm";
    public int Layers { get; init; } = 2;
    public int Hidden { get; init; } = 200;
    public int Batch { get; init; } = 20;
    public int Seq { get; init; } = 20;
    public double LearningRate { get; init; } = 1;
    /// <summary>After epoch <see cref="DecayAfter"/> the learning rate is divided by this every epoch.</summary>
    public double Decay { get; init; } = 2;
    public int DecayAfter { get; init; } = 4;
    public double ClipNorm { get; init; } = 5;
    public double Init { get; init; } = 0.1;
    public int Epochs { get; init; } = 13;
    /// <summary>Windows trained per epoch; 0 the whole epoch (for a measurement or a quick run: fewer).</summary>
    public int StepsPerEpoch { get; init; }
    /// <summary>Words of the validation and test texts evaluated; 0 all of them.</summary>
    public int EvalWords { get; init; }
    public int ProgressEvery { get; init; } = 100;
    public ulong Seed { get; init; } = 1;
}

/// <summary>One epoch's numbers: the training part's wall-clock time and the CPU time the process used meanwhile (on a
/// shared machine the second says more about the code's speed).</summary>
public sealed record PtbEpoch(int Epoch, double LearningRate, int Steps, int FullSteps, double TrainPerplexity, double ValidPerplexity, double Seconds, double WordsPerSecond,
    double CpuSeconds)
{
    /// <summary>Training words per second of the process's CPU time (all its threads).</summary>
    public double WordsPerCpuSecond => WordsPerSecond * Seconds / CpuSeconds;

    /// <summary>The time a full epoch takes at this epoch's speed.</summary>
    public double FullEpochSeconds => Seconds / Steps * FullSteps;
}

/// <summary>The whole run.</summary>
public sealed record PtbResult(IReadOnlyList<PtbEpoch> Epochs, double TestPerplexity, int TestWords);

/// <summary>
/// Trains the word-level model (<see cref="Create"/>) as Zaremba et al. did: the training words cut into B contiguous streams, windows of S
/// words, the state carried from window to window (zeroed at each epoch's start), SGD on the window's summed loss
/// with the global gradient norm clipped, the learning rate constant for the first epochs then divided every epoch.
/// After each epoch the validation perplexity; after the last, the test perplexity (both over B streams, the state
/// carried through the whole text, every word counted).
/// </summary>
public static class PtbExperiment
{
    public static PtbResult Run(PtbCorpus corpus, PtbSettings s, TextWriter progress, Action<PtbEpoch>? epochDone = null)
    {
        var model = Create(s, corpus.Vocabulary.Count, DType.Float32);
        var schedule = new StepDecaySchedule(s.LearningRate, 1 / s.Decay, s.DecayAfter);
        var batcher = new SequenceBatcher(corpus.Train, s.Batch, s.Seq, Path.Combine(corpus.Folder, PtbCorpus.FileNames[0]));
        var trainer = new PtbTrainer(model, batcher, s.LearningRate, s.ClipNorm);
        var optimizer = trainer.Optimizer;
        int fullSteps = batcher.WindowsPerEpoch;
        int steps = s.StepsPerEpoch > 0 ? Math.Min(s.StepsPerEpoch, fullSteps) : fullSteps;
        var epochs = new List<PtbEpoch>();
        for (int epoch = 1; epoch <= s.Epochs; epoch++)
        {
            optimizer.LearningRate = schedule.LearningRate(epoch, 0);
            trainer.StartEpoch(epoch);
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var loss = new LossAccumulator();
            var window = new LossAccumulator();
            for (int step = 1; step <= steps; step++)
            {
                double l = trainer.Step();
                if (!double.IsFinite(l)) throw new ExperimentDivergedException($"ptb: the loss is {l} at step {step} of epoch {epoch}; try a lower --lr or --clip-norm.");
                loss.Add(l, s.Seq);
                window.Add(l, s.Seq);
                if (step % s.ProgressEvery == 0 || step == steps)
                {
                    double seconds = clock.Elapsed.TotalSeconds, wps = step * (double)s.Seq * s.Batch / seconds;
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  epoch {epoch,2}  {step / (double)fullSteps,6:P1}  train perplexity {window.Perplexity,8:F2}  ‖g‖ {trainer.LastNorm,6:F2}  lr {optimizer.LearningRate:G4}  {wps,6:F0} words/s  {seconds,5:F0}s  epoch ETA {Duration((steps - step) * seconds / step)}"));
                    window.Reset();
                }
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            double valid = Perplexity(model, corpus.Valid, s);
            var done = new PtbEpoch(epoch, optimizer.LearningRate, steps, fullSteps, loss.Perplexity, valid, trainSeconds, steps * (double)s.Seq * s.Batch / trainSeconds, cpuSeconds);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train perplexity {done.TrainPerplexity:F2}, validation perplexity {valid:F2}; {trainSeconds:F0}s for {steps} of {fullSteps} steps ({done.WordsPerSecond:F0} words/s, {done.WordsPerCpuSecond:F0} words per CPU-second; a full epoch ≈ {Duration(done.FullEpochSeconds)})"));
            epochs.Add(done);
            epochDone?.Invoke(done);
        }
        return new PtbResult(epochs, Perplexity(model, corpus.Test, s), Limit(corpus.Test, s.EvalWords).Length - 1);
    }

    /// <summary>The perplexity of <paramref name="words"/> (at most <see cref="PtbSettings.EvalWords"/> of them): B contiguous
    /// streams from a zero state, windows of S, every prediction counted once.</summary>
    /// <summary>The word-level model of <paramref name="s"/>: <see cref="PtbSettings.Layers"/> layers of the cell
    /// <see cref="PtbSettings.Model"/>, embedding size = hidden size, every weight U(±<see cref="PtbSettings.Init"/>).</summary>
    public static CharLm.CharLanguageModel Create(PtbSettings s, int vocabulary, DType dtype)
    {
        var spec = CharLm.CharLmRegistry.Find(s.Model) ?? throw new ArgumentException($"Unknown cell '{s.Model}'; expected one of {CharLm.CharLmRegistry.Names}.");
        return spec.Create(new CharLm.CharLmConfig(vocabulary, s.Hidden, s.Hidden, s.Layers, s.Init), dtype, new Rng(s.Seed));
    }

    public static double Perplexity(CharLm.CharLanguageModel model, int[] words, PtbSettings s)
    {
        words = Limit(words, s.EvalWords);
        int streams = Math.Max(1, Math.Min(s.Batch, (words.Length - 1) / 2));
        int length = words.Length / streams; // stream b is words[b·length … (b+1)·length), the last length − 1 predicted
        var state = model.NewState(streams);
        var total = new LossAccumulator();
        for (int start = 0; start < length - 1; start += s.Seq)
        {
            int n = Math.Min(s.Seq, length - 1 - start);
            var (inputs, targets) = Buffers(n, streams);
            for (int t = 0; t < n; t++)
            {
                for (int b = 0; b < streams; b++)
                {
                    inputs[t][b] = words[b * length + start + t];
                    targets[t][b] = words[b * length + start + t + 1];
                }
            }
            total.Add(model.EvaluateWindow(inputs, targets, state) * streams, (long)n * streams);
        }
        return total.Perplexity;
    }

    private static int[] Limit(int[] words, int limit) => limit > 0 && limit < words.Length ? words[..limit] : words;

    private static (int[][] Inputs, int[][] Targets) Buffers(int steps, int batch) =>
        (Enumerable.Range(0, steps).Select(_ => new int[batch]).ToArray(), Enumerable.Range(0, steps).Select(_ => new int[batch]).ToArray());

    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:D2}s" : $"{t.Seconds}s";
    }

    public static ResultTable Table(PtbResult result)
    {
        var table = new ResultTable("epoch", "lr", "steps", "train perplexity", "validation perplexity", "time", "words/s", "words/CPU-s", "full epoch");
        foreach (var e in result.Epochs)
        {
            table.Add(e.Epoch.ToString(CultureInfo.InvariantCulture), e.LearningRate.ToString("G4", CultureInfo.InvariantCulture),
                $"{e.Steps}/{e.FullSteps}", ResultTable.Number(e.TrainPerplexity, 2), ResultTable.Number(e.ValidPerplexity, 2),
                ResultTable.Number(e.Seconds, 0) + " s", ResultTable.Number(e.WordsPerSecond, 0), ResultTable.Number(e.WordsPerCpuSecond, 0), Duration(e.FullEpochSeconds));
        }
        return table;
    }
}
