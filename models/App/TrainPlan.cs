using AutoGradRnn.Checkpoints;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <see cref="TrainOptions"/> resolved and checked before anything is written: every value given, defaulted or, on
/// <c>--resume</c>, taken from the checkpoint (a given value that differs from the checkpoint's is refused).
/// </summary>
internal sealed record TrainPlan
{
    public required CharLmSpec Spec { get; init; }
    public required string DataPath { get; init; }
    public required string CheckpointPath { get; init; }
    public required int Hidden { get; init; }
    public required int Layers { get; init; }
    public required int Embedding { get; init; }
    public required int Seq { get; init; }
    public required int Batch { get; init; }
    public required string Optimizer { get; init; }
    public required double LearningRate { get; init; }
    /// <summary>Whether <see cref="LearningRate"/> was given, so it replaces a resumed optimizer's rate.</summary>
    public required bool LearningRateGiven { get; init; }
    public required double Clip { get; init; }
    public required double ClipNorm { get; init; }
    public required ulong Seed { get; init; }
    public required string Loss { get; init; }
    public required double LrDecay { get; init; }
    public required int LrDecayAfter { get; init; }
    public required int SampleEvery { get; init; }
    public required int SampleLength { get; init; }
    public required int ProgressEvery { get; init; }
    public required int CheckpointEvery { get; init; }
    public required int EvalEvery { get; init; }
    public required string? PlotPath { get; init; }
    /// <summary>Null: <see cref="TrainOptions.Defaults.Steps"/>, or the epochs' windows.</summary>
    public required long? Steps { get; init; }
    public required double? Epochs { get; init; }
    /// <summary>The checkpoint continued, with its configuration; null for a new run.</summary>
    public required TrainingCheckpoint? Saved { get; init; }
    public required RunConfig? SavedConfig { get; init; }

    public bool Resume => Saved is not null;

    /// <summary>Whether the run length is the default (neither steps nor epochs given): the run prints how to train longer.</summary>
    public bool DefaultLength => Steps is null && Epochs is null;

    public static TrainPlan Resolve(TrainOptions o, TextWriter error)
    {
        string dataPath = o.Data ?? DataLocator.FindBundledCorpus();
        string modelName = o.Model ?? TrainOptions.Defaults.Model;
        string checkpointPath = o.Checkpoint ?? Path.Combine("checkpoints", $"{modelName.ToLowerInvariant()}.safetensors");

        TrainingCheckpoint? saved = null;
        RunConfig? c = null;
        if (o.Resume)
        {
            if (!File.Exists(checkpointPath))
                throw new UsageException($"--resume: no checkpoint at '{checkpointPath}' (give the run's file with --checkpoint).");
            saved = TrainingCheckpoint.Load(checkpointPath);
            saved.EnsureFinite(checkpointPath);
            try { c = RunConfig.FromJson(saved.ConfigJson); }
            catch (FormatException e) { throw new CheckpointException(checkpointPath, $"{e.Message}.", e); }
            if (saved.ModelKind != c.Model)
                throw new CheckpointException(checkpointPath, $"model_kind '{saved.ModelKind}' differs from the config's model '{c.Model}'.");
            if (o.Model is not null && !modelName.Equals(saved.ModelKind, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--model {modelName} does not match the checkpoint '{checkpointPath}', which holds a {saved.ModelKind} model; leave --model out to continue it.");
            modelName = saved.ModelKind;
        }

        var spec = CharLmRegistry.Find(modelName) ?? throw new UsageException($"--model: unknown model '{modelName}'; expected one of {CharLmRegistry.Names}.");
        T Pick<T>(T? given, T? savedValue, T fallback, string name) where T : struct
        {
            if (savedValue is not T s) return given ?? fallback;
            if (given is T g && !g.Equals(s))
                throw new UsageException($"--{name} {Text(g)} does not match the checkpoint '{checkpointPath}' ({name} {Text(s)}); leave it out to continue the run.");
            return s;
        }
        string PickText(string? given, string? savedValue, string fallback, string name)
        {
            if (savedValue is null) return (given ?? fallback).ToLowerInvariant();
            if (given is not null && !given.Equals(savedValue, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--{name} {given} does not match the checkpoint '{checkpointPath}' ({name} {savedValue}); leave it out to continue the run.");
            return savedValue.ToLowerInvariant();
        }

        string optimizer = PickText(o.Optimizer, c?.Optimizer, TrainOptions.Defaults.Optimizer, "optimizer");
        ulong seed = c?.Seed ?? o.Seed ?? TrainOptions.Defaults.Seed;
        if (c is not null && o.Seed is ulong givenSeed && givenSeed != seed)
            error.WriteLine($"autogradrnn: warning: --seed {givenSeed} is ignored: a resumed run continues from its checkpoint's random state (seed {seed}).");
        var plan = new TrainPlan
        {
            Spec = spec, DataPath = dataPath, CheckpointPath = checkpointPath, Saved = saved, SavedConfig = c,
            Hidden = Pick(o.Hidden, c?.Hidden, TrainOptions.Defaults.Hidden, "hidden"),
            Layers = Pick(o.Layers, c?.Layers, TrainOptions.Defaults.Layers, "layers"),
            Embedding = Pick(o.Embedding, c?.Embedding, TrainOptions.Defaults.Embedding, "embedding"),
            Seq = Pick(o.Seq, c?.Seq, TrainOptions.Defaults.Seq, "seq"),
            Batch = Pick(o.Batch, c?.Batch, TrainOptions.Defaults.Batch, "batch"),
            Optimizer = optimizer,
            LearningRate = o.LearningRate ?? c?.LearningRate ?? TrainOptions.Defaults.LearningRate(optimizer),
            LearningRateGiven = o.LearningRate is not null,
            Clip = Pick(o.Clip, c?.Clip, TrainOptions.Defaults.Clip, "clip"),
            ClipNorm = Pick(o.ClipNorm, c?.ClipNorm, 0, "clip-norm"),
            Seed = seed,
            Loss = PickText(o.Loss, c?.Loss, TrainOptions.Defaults.Loss, "loss"),
            LrDecay = o.LrDecay ?? c?.LrDecay ?? TrainOptions.Defaults.LrDecay,
            LrDecayAfter = o.LrDecayAfter ?? c?.LrDecayAfter ?? TrainOptions.Defaults.LrDecayAfter,
            SampleEvery = o.SampleEvery ?? TrainOptions.Defaults.SampleEvery,
            SampleLength = o.SampleLength ?? TrainOptions.Defaults.SampleLength,
            ProgressEvery = o.ProgressEvery ?? TrainOptions.Defaults.ProgressEvery,
            CheckpointEvery = o.CheckpointEvery ?? TrainOptions.Defaults.CheckpointEvery,
            EvalEvery = o.EvalEvery ?? TrainOptions.Defaults.EvalEvery,
            PlotPath = o.Plot, Steps = o.Steps, Epochs = o.Epochs,
        };
        plan.Check(o);
        return plan;
    }

    private void Check(TrainOptions o)
    {
        Arguments.Positive(Hidden, "--hidden", "the number of hidden units");
        Arguments.Positive(Layers, "--layers", "the number of recurrent layers");
        Arguments.Positive(Embedding, "--embedding", "the embedding size");
        Arguments.Positive(Seq, "--seq", "the window length");
        Arguments.Positive(Batch, "--batch", "the number of streams");
        Arguments.Positive(ProgressEvery, "--progress-every", "a step count");
        Arguments.NonNegative(SampleEvery, "--sample-every", "a step count (0: never)");
        Arguments.Positive(SampleLength, "--sample-length", "a number of characters");
        Arguments.NonNegative(CheckpointEvery, "--checkpoint-every", "a step count (0: only at the end)");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new UsageException($"--lr must be a positive finite number, got {Arguments.Format(LearningRate)}.");
        if (!(Clip >= 0) || !double.IsFinite(Clip)) throw new UsageException($"--clip must be a finite number ≥ 0 (0: no clipping), got {Arguments.Format(Clip)}.");
        if (o.ClipNorm is double cn && (!(cn > 0) || !double.IsFinite(cn))) throw new UsageException($"--clip-norm must be a positive finite number, got {Arguments.Format(cn)}.");
        if (Loss is not ("sum" or "mean")) throw new UsageException($"--loss: expected sum or mean, got '{Loss}'.");
        if (!(LrDecay > 0 && LrDecay <= 1)) throw new UsageException($"--lr-decay must be a factor in (0, 1] (1: constant), got {Arguments.Format(LrDecay)}.");
        if (LrDecayAfter < 0) throw new UsageException($"--lr-decay-after must be ≥ 0 epochs, got {LrDecayAfter}.");
        Arguments.NonNegative(EvalEvery, "--eval-every", "a step count (0: only at the end)");
        if (PlotPath is not null) LossCurve.CheckPath(PlotPath, "--plot");
        if (Optimizer is not ("adagrad" or "adam" or "sgd")) throw new UsageException($"--optimizer: unknown optimizer '{Optimizer}'; expected adagrad, adam or sgd.");
        if (Steps is long s && s < 0) throw new UsageException($"--steps must be ≥ 0, got {s}.");
        if (Epochs is double e && (!(e > 0) || !double.IsFinite(e))) throw new UsageException($"--epochs must be a positive number, got {Arguments.Format(e)}.");
        if (Steps is not null && Epochs is not null) throw new UsageException("--steps and --epochs both given; give one.");
    }

    private static string Text<T>(T value) => value is double d ? Arguments.Format(d) : value!.ToString()!;
}
