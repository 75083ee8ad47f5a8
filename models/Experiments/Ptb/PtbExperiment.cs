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
        var batcher = new SequenceBatcher(corpus.Train, s.Batch, s.Seq, Path.Combine(corpus.Folder, PtbCorpus.FileNames[0]));
        var task = new WindowTask(model, batcher);
        var trainer = NewTrainer(task, s);
        int fullSteps = batcher.WindowsPerEpoch;
        int steps = s.StepsPerEpoch > 0 ? Math.Min(s.StepsPerEpoch, fullSteps) : fullSteps;
        var epochs = new List<PtbEpoch>();
        var loss = new LossAccumulator();
        var window = new LossAccumulator();
        long epochStart = 0;
        double epochSeconds = 0;
        trainer.AfterEachStep(t =>
        {
            loss.Add(t.LastLoss, s.Seq);
            window.Add(t.LastLoss, s.Seq);
        });
        trainer.Every(s.ProgressEvery, t =>
        {
            long step = t.Step - epochStart;
            double seconds = t.Elapsed.TotalSeconds - epochSeconds, wps = step * (double)s.Seq * s.Batch / seconds;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {task.Epoch,2}  {step / (double)fullSteps,6:P1}  train perplexity {window.Perplexity,8:F2}  ‖g‖ {t.LastNorm,6:F2}  lr {t.Optimizer.LearningRate:G4}  {wps,6:F0} words/s  {seconds,5:F0}s  epoch ETA {App.Arguments.Duration((steps - step) * seconds / step)}"));
            window.Reset();
        }, LastStep.Always);
        for (int epoch = 1; epoch <= s.Epochs; epoch++)
        {
            task.StartEpoch(epoch);
            trainer.Optimizer.LearningRate = trainer.Schedule!.LearningRate(epoch, trainer.Step);
            epochStart = trainer.Step;
            epochSeconds = trainer.Elapsed.TotalSeconds;
            loss.Reset();
            window.Reset();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            try
            {
                trainer.Run(epochStart + steps);
            }
            catch (TrainingDivergedException e)
            {
                throw new ExperimentDivergedException($"ptb: {e.Reason} at step {e.Step - epochStart} of epoch {epoch}; try a lower --lr or --clip-norm.");
            }
            double trainSeconds = trainer.Elapsed.TotalSeconds - epochSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            double valid = Perplexity(model, corpus.Valid, s);
            var done = new PtbEpoch(epoch, trainer.Optimizer.LearningRate, steps, fullSteps, loss.Perplexity, valid, trainSeconds, steps * (double)s.Seq * s.Batch / trainSeconds, cpuSeconds);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train perplexity {done.TrainPerplexity:F2}, validation perplexity {valid:F2}; {trainSeconds:F0}s for {steps} of {fullSteps} steps ({done.WordsPerSecond:F0} words/s, {done.WordsPerCpuSecond:F0} words per CPU-second; a full epoch ≈ {App.Arguments.Duration(done.FullEpochSeconds)})"));
            epochs.Add(done);
            epochDone?.Invoke(done);
        }
        return new PtbResult(epochs, Perplexity(model, corpus.Test, s), Limit(corpus.Test, s.EvalWords).Length - 1);
    }

    /// <summary>The word-level model of <paramref name="s"/>: <see cref="PtbSettings.Layers"/> layers of the cell
    /// <see cref="PtbSettings.Model"/>, embedding size = hidden size, every weight U(±<see cref="PtbSettings.Init"/>).</summary>
    public static CharLm.CharLanguageModel Create(PtbSettings s, int vocabulary, DType dtype)
    {
        var spec = CharLm.CharLmRegistry.Find(s.Model) ?? throw new ArgumentException($"Unknown cell '{s.Model}'; expected one of {CharLm.CharLmRegistry.Names}.");
        return spec.Create(new CharLm.CharLmConfig(vocabulary, s.Hidden, s.Hidden, s.Layers, s.Init), dtype, new Rng(s.Seed));
    }

    /// <summary>The recipe's trainer over <paramref name="task"/>: SGD at <see cref="PtbSettings.LearningRate"/>, divided by
    /// <see cref="PtbSettings.Decay"/> every epoch after <see cref="PtbSettings.DecayAfter"/>, the global gradient norm
    /// clipped to <see cref="PtbSettings.ClipNorm"/>. The experiment and <c>bench</c> train through it.</summary>
    public static Trainer NewTrainer(WindowTask task, PtbSettings s) =>
        new(task, new Sgd(s.LearningRate), new GlobalNormClipper(s.ClipNorm), new StepDecaySchedule(s.LearningRate, 1 / s.Decay, s.DecayAfter));

    /// <summary>The perplexity of <paramref name="words"/> (at most <see cref="PtbSettings.EvalWords"/> of them): B contiguous
    /// streams from a zero state, windows of S, every prediction counted once.</summary>
    public static double Perplexity(CharLm.CharLanguageModel model, int[] words, PtbSettings s) =>
        WindowEvaluation.Evaluate(model, Limit(words, s.EvalWords), s.Seq, s.Batch).Perplexity;

    private static int[] Limit(int[] words, int limit) => limit > 0 && limit < words.Length ? words[..limit] : words;

    public static ResultTable Table(PtbResult result)
    {
        var table = new ResultTable("epoch", "lr", "steps", "train perplexity", "validation perplexity", "time", "words/s", "words/CPU-s", "full epoch");
        foreach (var e in result.Epochs)
        {
            table.Add(e.Epoch.ToString(CultureInfo.InvariantCulture), e.LearningRate.ToString("G4", CultureInfo.InvariantCulture),
                $"{e.Steps}/{e.FullSteps}", ResultTable.Number(e.TrainPerplexity, 2), ResultTable.Number(e.ValidPerplexity, 2),
                ResultTable.Number(e.Seconds, 0) + " s", ResultTable.Number(e.WordsPerSecond, 0), ResultTable.Number(e.WordsPerCpuSecond, 0), App.Arguments.Duration(e.FullEpochSeconds));
        }
        return table;
    }
}
