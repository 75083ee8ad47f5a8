using System.Globalization;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Runs;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>train</c> as a call: a character-level language model over any registered cell, trained on a text file by
/// truncated BPTT through the runtime's <see cref="Trainer"/>, with everything the command has: batches, SGD, Adagrad
/// or Adam, element-wise or global-norm clipping, a per-epoch decay, progress with ETA, samples, held-out loss, bits
/// per character and perplexity, a loss plot, atomic safetensors checkpoints, bit-exact <c>Resume</c>, and SIGINT/SIGTERM
/// ending in a checkpoint. Bad options and files are one line on the error writer and exit code 2, as on the command line.
/// </summary>
/// <example>
/// A program that trains its own cell (a class implementing <see cref="IRecurrentCell{TSelf}"/>):
/// <code>
/// using AutoGradRnn.Models.App;
///
/// return TextTraining.Run&lt;PeepholeCell&gt;(new TrainOptions { Data = "input.txt", Hidden = 128, Steps = 20_000, Plot = "loss.svg" });
/// </code>
/// </example>
public static class TextTraining
{
    /// <summary>Trains the cell <typeparamref name="TCell"/>, registered as <see cref="TrainOptions.Model"/> (default: its
    /// class name in lower case) beside the built-in cells. Returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static int Run<TCell>(TrainOptions options, TextWriter? output = null, TextWriter? error = null) where TCell : IRecurrentCell<TCell>
    {
        ArgumentNullException.ThrowIfNull(options);
        output ??= Console.Out;
        error ??= Console.Error;
        string name = options.Model ?? typeof(TCell).Name.ToLowerInvariant();
        var catalog = CellCatalog.BuiltIn();
        if (catalog.NameProblem(name) is string problem)
            return Cli.Guard(output, error, () => throw new UsageException($"TrainOptions.Model: {problem}"));
        catalog.Add<TCell>(name);
        using var scope = CharLmRegistry.Use(catalog);
        return Run(options with { Model = name }, output, error);
    }

    /// <summary>Trains <see cref="TrainOptions.Model"/>, one of the registered cells. Returns the exit code
    /// (<see cref="ExitCodes"/>): 0 done, 1 diverged or the final checkpoint not written, 2 bad input, 130/143 stopped by a signal.</summary>
    public static int Run(TrainOptions options, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        output ??= Console.Out;
        error ??= Console.Error;
        return Cli.Guard(output, error, () => Execute(options, output, error));
    }

    internal static int Execute(TrainOptions options, TextWriter output, TextWriter error)
    {
        // Everything is read and checked before anything is written.
        var p = TrainPlan.Resolve(options, error);
        var saved = p.Saved;

        // Every output is checked, and the checkpoint locked, before the first step.
        using var run = CheckpointRun.Open(p.CheckpointPath, "--checkpoint", p.Resume, options.Force, output);

        var corpus = TextCorpus.Load(p.DataPath);
        var vocabulary = Vocabulary.FromText(corpus.Text);
        if (saved is not null && !saved.Vocabulary.Tokens.SequenceEqual(vocabulary.Tokens))
            throw new UsageException($"the vocabulary of '{p.DataPath}' ({vocabulary.Count} characters) differs from the checkpoint '{p.CheckpointPath}''s ({saved.Vocabulary.Count} characters); resume with the data the run was trained on.");
        string dataHash = DataFingerprint.Of(corpus.Text);
        if (p.SavedConfig?.DataSha256 is string savedHash && savedHash != dataHash)
            throw new UsageException($"--data '{p.DataPath}' is not the text the run in '{p.CheckpointPath}' was trained on (its SHA-256 differs, though the vocabulary is the same); resume with that text, or start a new run.");
        ModelFootprint.Check(ModelFootprint.Of(p.Spec.WeightBlocks, vocabulary.Count, p.Embedding, p.Hidden, p.Batch, p.Seq, p.Optimizer, layers: p.Layers),
            $"--hidden {p.Hidden}, --embedding {p.Embedding}, --layers {p.Layers}, --batch {p.Batch}, --seq {p.Seq}");
        var tokens = vocabulary.Encode(corpus.Text);
        var split = DataSplit.Create(tokens, name: p.DataPath);
        var batcher = new SequenceBatcher(split.Train, p.Batch, p.Seq, $"{p.DataPath} (its training part: the first {DataSplit.DefaultTrainFraction * 100:0}% of its {tokens.Length:N0} characters)");
        long steps = p.Epochs is double epochs ? (long)Math.Ceiling(epochs * batcher.WindowsPerEpoch) : p.Steps ?? TrainOptions.Defaults.Steps;

        var config = new RunConfig
        {
            Model = p.Spec.Name, Vocabulary = vocabulary.Count, Embedding = p.Embedding, Hidden = p.Hidden, Layers = p.Layers, Seq = p.Seq, Batch = p.Batch,
            Optimizer = p.Optimizer, LearningRate = p.LearningRate, Clip = p.Clip, ClipNorm = p.ClipNorm, Seed = p.Seed, Data = p.DataPath,
            Loss = p.Loss, LrDecay = p.LrDecay, LrDecayAfter = p.LrDecayAfter, DataSha256 = dataHash,
        };
        var rng = new Rng(p.Seed);
        var model = p.Spec.Create(new CharLmConfig(vocabulary.Count, p.Embedding, p.Hidden, p.Layers), DType.Float32, rng);
        var task = new WindowTask(model, batcher, p.Loss == "mean" ? 1.0 / p.Seq : 1.0);
        var trainer = new Trainer(task, OptimizerChoice.Create(p.Optimizer, p.LearningRate),
            p.ClipNorm > 0 ? new GlobalNormClipper(p.ClipNorm) : p.Clip > 0 ? new ElementwiseClipper(p.Clip) : null,
            p.LrDecay < 1 ? new StepDecaySchedule(p.LearningRate, p.LrDecay, p.LrDecayAfter) : null);
        var smooth = SmoothedLoss.Course(vocabulary.Count, p.Seq);

        // The trainer bound the optimizer to the weights, so the loaded state is checked against the model and is the
        // optimizer's live state from here on, whether or not a step follows.
        if (saved is not null)
        {
            saved.RestoreWeights(trainer.Parameters, p.CheckpointPath);
            saved.RestoreOptimizer(trainer.Optimizer, p.CheckpointPath);
            if (p.LearningRateGiven) trainer.Optimizer.LearningRate = p.LearningRate;
            saved.RestoreRng(rng, p.CheckpointPath);
            saved.RestoreCarriedState(model.NamedState(task.State), p.CheckpointPath);
            if (saved.Batcher is not { } position) throw new CheckpointException(p.CheckpointPath, "holds no batcher position.");
            try { batcher.Restore(position); }
            catch (ArgumentException e) { throw new UsageException($"'{p.DataPath}' is shorter than the text the run in '{p.CheckpointPath}' was trained on: {e.Message}; resume with that text."); }
            smooth.Value = saved.SmoothedLoss ?? smooth.Value;
            trainer.ResumeAt(saved.Step);
        }

        Describe(output, p, vocabulary, tokens.Length, split, batcher, trainer, steps, smooth);
        var curve = p.PlotPath is null ? null : new LossCurve((int)Math.Min(steps - Math.Min(steps, trainer.Step), int.MaxValue / 2));
        var slot = new CheckpointSlot(p.CheckpointPath, saved?.Step);
        TrainingCheckpoint Snapshot() => new TrainingCheckpoint
        {
            ModelKind = model.Kind, ConfigJson = config.ToJson(), Vocabulary = vocabulary, Weights = trainer.Parameters,
            CarriedState = model.NamedState(task.State), Step = trainer.Step, Epoch = batcher.Epoch, RandomState = RngState.Capture(rng),
            Batcher = batcher.State, SmoothedLoss = smooth.Value,
        }.WithOptimizer(trainer.Optimizer);

        var meter = new ThroughputMeter(window: 3);
        meter.Mark(trainer.Step, 0);
        trainer.AfterEachStep(t =>
        {
            smooth.Update(t.LastLoss);
            curve?.AddWindow(t.Step, t.LastLoss / p.Seq);
        });
        trainer.Every(p.ProgressEvery, t =>
        {
            meter.Mark(t.Step, t.Elapsed.TotalSeconds);
            double rate = meter.StepsPerSecond * p.Seq * p.Batch;
            output.WriteLine($"step {t.Step.ToString("N0", CultureInfo.InvariantCulture),9}  epoch {batcher.EpochProgress,6:F3}  loss {smooth.Value,8:F3} ({smooth.Value / p.Seq:F3}/char)  {rate,8:N0} chars/s  ETA {Arguments.Duration(meter.SecondsTo(steps))}" +
                             (t.Schedule is not null ? $"  lr {Arguments.Format(t.Optimizer.LearningRate)}" : ""));
        }, LastStep.Always);
        trainer.Every(p.SampleEvery, t =>
        {
            var text = Generation.Generate(model, vocabulary, Generation.Row(task.State, 0), [task.Inputs[0][0]], p.SampleLength, 1.0, rng);
            output.WriteLine($"----- sample at step {t.Step:N0} -----");
            output.WriteLine(text);
            output.WriteLine("-----");
        });
        if (split.Validation.Length >= 2)
        {
            trainer.Every(p.EvalEvery, t =>
            {
                double heldOut = WindowEvaluation.Evaluate(model, split.Validation, p.Seq).NatsPerToken;
                curve?.AddValidation(t.Step, heldOut);
                output.WriteLine($"validation at step {t.Step:N0}: {heldOut:F4} nats/char");
            }, LastStep.Never);
        }
        trainer.Every(p.CheckpointEvery, t =>
        {
            if (slot.TryWrite(Snapshot(), t.Step) is string problem)
                error.WriteLine($"autogradrnn: the checkpoint of step {t.Step:N0} was not written: {problem} Training goes on; {slot.Holding}; the next try is at step {t.Step + p.CheckpointEvery:N0}.");
        }, LastStep.Never);

        using var interrupt = new InterruptSignal(error);
        try
        {
            using (AnomalyMode.Enable(options.DetectAnomaly))
                trainer.Run(steps, () => interrupt.Requested);
        }
        catch (TrainingDivergedException e)
        {
            output.WriteLine($"{e.Message}; try a lower --lr or clipping. No checkpoint written for this run's last steps.");
            return ExitCodes.Failed;
        }

        if (interrupt.Requested)
        {
            if (slot.TryWrite(Snapshot(), trainer.Step) is string lost)
            {
                error.WriteLine($"autogradrnn: {interrupt.SignalName} at step {trainer.Step:N0}: the checkpoint was not written: {lost} {slot.Holding}.");
                return interrupt.ExitCode;
            }
            error.WriteLine($"autogradrnn: {interrupt.SignalName}: stopped after step {trainer.Step:N0} of {steps:N0}; checkpoint written to '{p.CheckpointPath}'; continue with: train --resume --checkpoint {p.CheckpointPath}" +
                            (p.DefaultLength ? "" : $" --steps {steps}"));
            return interrupt.ExitCode;
        }
        int exitCode = ExitCodes.Success;
        string? failed = slot.TryWrite(Snapshot(), trainer.Step);
        // The checkpoint is on disk: from here a signal ends the process as usual instead of waiting for the evaluation.
        interrupt.Dispose();
        if (failed is not null)
        {
            error.WriteLine($"autogradrnn: the final checkpoint (step {trainer.Step:N0}) was not written: {failed} {slot.Holding}.");
            exitCode = ExitCodes.Failed;
        }
        else
        {
            output.WriteLine($"checkpoint: {p.CheckpointPath} (step {trainer.Step:N0}); continue with --resume --steps N, sample with: sample --checkpoint {p.CheckpointPath}");
        }

        if (split.Validation.Length >= 2)
        {
            var heldOut = WindowEvaluation.Evaluate(model, split.Validation, p.Seq);
            double nats = heldOut.NatsPerToken;
            output.WriteLine($"validation ({Arguments.Plural(heldOut.Tokens, "prediction")} over the {split.Validation.Length:N0} held-out characters): {nats:F4} nats/char, {LossMetrics.BitsPerCharacter(nats):F4} bits/char, perplexity {LossMetrics.Perplexity(nats):F3}");
            curve?.AddValidation(trainer.Step, nats);
        }
        else
        {
            output.WriteLine("validation: the held-out part is too short to evaluate.");
        }
        if (curve is not null && p.PlotPath is not null)
        {
            curve.Save(p.PlotPath, $"{p.Spec.Name}: E {p.Embedding}, H {p.Hidden}, seq {p.Seq}, batch {p.Batch}, {trainer.Optimizer.Kind} — {Path.GetFileName(p.DataPath)}");
            output.WriteLine($"loss curve: {p.PlotPath} ({Arguments.Plural(curve.Windows, "window")})");
        }
        return exitCode;
    }

    private static void Describe(TextWriter output, TrainPlan p, Vocabulary vocabulary, int characters, DataSplit split, SequenceBatcher batcher, Trainer trainer, long steps, SmoothedLoss smooth)
    {
        long parameterCount = trainer.Parameters.Sum(t => (long)t.Value.Shape.Size);
        output.WriteLine($"autogradrnn train: {p.Spec.Name}{(p.Layers > 1 ? $" × {p.Layers} layers" : "")}, V {vocabulary.Count}, E {p.Embedding}, H {p.Hidden} ({parameterCount:N0} parameters, float32); " +
                         $"seq {p.Seq}, batch {p.Batch}; {trainer.Optimizer.Kind} lr {Arguments.Format(p.LearningRate)}" +
                         (trainer.Schedule is not null ? $", ×{Arguments.Format(p.LrDecay)} each epoch from epoch {p.LrDecayAfter + 1}" : "") + "; " +
                         (p.Loss == "mean" ? "gradient of the mean loss per character; " : "") +
                         (p.ClipNorm > 0 ? $"global-norm clip {Arguments.Format(p.ClipNorm)}" : p.Clip > 0 ? $"element-wise clip ±{Arguments.Format(p.Clip)}" : "no clipping") + $"; seed {p.Seed}");
        output.WriteLine($"data: {p.DataPath}: {characters:N0} characters, {split.Train.Length:N0} for training ({Arguments.Plural(batcher.WindowsPerEpoch, "window")} a pass), {split.Validation.Length:N0} held out");
        output.WriteLine(p.Resume
            ? $"resuming {p.CheckpointPath} at step {trainer.Step:N0} (smoothed loss {smooth.Value:F3}); " +
              (steps > trainer.Step ? $"training to step {steps:N0}" : $"nothing to train: --steps {steps:N0} is not above it (the checkpoint is written again unchanged)")
            : $"training {Arguments.Plural(steps, "step")}; the printed loss is the course's: summed over the {p.Seq} characters of a window, smoothed 0.999 (starts at {smooth.Value:F2} = {p.Seq}·ln {vocabulary.Count})");
        if (steps == TrainOptions.Defaults.Steps && p.DefaultLength)
            output.WriteLine("(a short run: train longer with --steps 500000 or --epochs 20; continue this one with --resume --steps N)");
    }
}
