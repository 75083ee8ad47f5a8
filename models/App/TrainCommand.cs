using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Runs;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>train</c>: a character-level language model on a text file by truncated BPTT (the state carried across
/// windows, one reused tape, gradients in preallocated containers), float32, with the course's defaults: LSTM,
/// hidden 100, seq 25, batch 1, Adagrad lr 0.1, element-wise clip ±5, a 200-character sample every 1000 steps,
/// the smoothed loss. Evaluates on the held-out last 10% at the end and writes a checkpoint (also every
/// <c>--checkpoint-every</c> steps); <c>--resume</c> continues a run from its checkpoint exactly.
/// </summary>
public static class TrainCommand
{
    /// <summary>The default number of steps: under a minute on two idle cores (about 50,000 characters a second), enough to see words and punctuation form.</summary>
    public const int DefaultSteps = 60000;

    private static readonly Option<string> Model = new("--model", "-m") { Description = $"The model: {CharLmRegistry.Names}.", DefaultValueFactory = _ => "lstm", HelpName = "name" };
    private static readonly Option<string?> Data = new("--data", "-d") { Description = "The training text, any UTF-8 file; the last 10% is held out for evaluation. [default: the bundled data/corpus.txt]", HelpName = "file" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H.", DefaultValueFactory = _ => 100, HelpName = "H" };
    private static readonly Option<int> Layers = new("--layers") { Description = "Recurrent layers of the cell, stacked.", DefaultValueFactory = _ => 1, HelpName = "L" };
    private static readonly Option<int> Embedding = new("--embedding") { Description = "Embedding size E (the course's Elman uses 32).", DefaultValueFactory = _ => 32, HelpName = "E" };
    private static readonly Option<int> Seq = new("--seq") { Description = "Window length: characters unrolled per step (truncated BPTT).", DefaultValueFactory = _ => 25, HelpName = "T" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Independent streams of the text trained side by side (1 is the course).", DefaultValueFactory = _ => 1, HelpName = "B" };
    private static readonly Option<string> OptimizerOption = new("--optimizer") { Description = "adagrad, adam or sgd.", DefaultValueFactory = _ => "adagrad", HelpName = "name" };
    private static readonly Option<double?> Lr = new("--lr") { Description = "Learning rate. [default: 0.1 for adagrad, 0.002 for adam, 1 for sgd]", HelpName = "rate" };
    private static readonly Option<double> Clip = new("--clip") { Description = "Clip every gradient element to [-c, c]; 0 turns it off.", DefaultValueFactory = _ => 5.0, HelpName = "c" };
    private static readonly Option<double?> ClipNorm = new("--clip-norm") { Description = "Clip the global gradient norm to n instead of element-wise clipping.", HelpName = "n" };
    private static readonly Option<long?> Steps = new("--steps") { Description = $"Total training steps (windows), counted from the start of the run, also when resuming. [default: {DefaultSteps}]", HelpName = "n" };
    private static readonly Option<double?> Epochs = new("--epochs") { Description = "Train this many passes over the training text instead of --steps.", HelpName = "n" };
    private static readonly Option<int> SampleEvery = new("--sample-every") { Description = "Print a sample every n steps; 0 never.", DefaultValueFactory = _ => 1000, HelpName = "n" };
    private static readonly Option<int> SampleLength = new("--sample-length") { Description = "Characters per sample.", DefaultValueFactory = _ => 200, HelpName = "n" };
    private static readonly Option<int> ProgressEvery = new("--progress-every") { Description = "Print a progress line every n steps.", DefaultValueFactory = _ => 1000, HelpName = "n" };
    private static readonly Option<string?> Checkpoint = new("--checkpoint", "-o") { Description = "Checkpoint file (safetensors), written atomically at the end and every --checkpoint-every steps. [default: checkpoints/<model>.safetensors]", HelpName = "file" };
    private static readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Also write the checkpoint every n steps; 0 only at the end.", DefaultValueFactory = _ => 5000, HelpName = "n" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the initial weights and the samples; a seed reproduces a run exactly.", DefaultValueFactory = _ => 1UL, HelpName = "n" };
    private static readonly Option<string> LossOption = new("--loss") { Description = "The gradient of each window: sum (the course: of the loss summed over the window's characters) or mean (of the loss per character, as PyTorch's mean cross-entropy; it matters for --clip-norm and sgd).", DefaultValueFactory = _ => "sum", HelpName = "sum|mean" };
    private static readonly Option<double?> LrDecay = new("--lr-decay") { Description = "Multiply the learning rate by this factor at the start of each epoch after --lr-decay-after (char-rnn: 0.97 after 10; PTB small: 0.5 after 4). [default: 1, constant]", HelpName = "factor" };
    private static readonly Option<int?> LrDecayAfter = new("--lr-decay-after") { Description = "Epochs trained at the initial rate before --lr-decay applies. [default: 10]", HelpName = "epochs" };
    private static readonly Option<int> EvalEvery = new("--eval-every") { Description = "Also evaluate on the held-out text every n steps (a point on the --plot curve); 0 only at the end.", DefaultValueFactory = _ => 0, HelpName = "n" };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write this run's loss curve (nats/char: each window, its running mean, the held-out loss) to a .png or .svg file at the end.", HelpName = "file" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue the run saved in --checkpoint exactly (model, sizes and optimizer come from it) up to --steps." };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace the checkpoint of another run at --checkpoint (without it such a run is refused)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("train", "Train a character-level language model (default: the course's LSTM on the bundled corpus).");
        foreach (var option in new Option[] { Model, Data, Hidden, Layers, Embedding, Seq, Batch, OptimizerOption, Lr, Clip, ClipNorm, Steps, Epochs,
                     LossOption, LrDecay, LrDecayAfter,
                     SampleEvery, SampleLength, ProgressEvery, EvalEvery, Plot, Checkpoint, CheckpointEvery, Seed, Resume, Force })
            command.Options.Add(option);
        command.SetAction(result => Cli.Guard(output, error, () => Run(result, output, error)));
        return command;
    }

    private static bool Given(ParseResult r, Option o) => r.GetResult(o) is { Implicit: false };

    private static int Run(ParseResult r, TextWriter output, TextWriter error)
    {
        // Everything is read and checked before anything is written.
        bool resume = r.GetValue(Resume);
        string dataPath = r.GetValue(Data) ?? DataLocator.FindBundledCorpus();
        string modelName = r.GetValue(Model)!;
        var checkpointPath = r.GetValue(Checkpoint) ?? Path.Combine("checkpoints", $"{modelName.ToLowerInvariant()}.safetensors");

        TrainingCheckpoint? saved = null;
        RunConfig? savedConfig = null;
        if (resume)
        {
            if (!File.Exists(checkpointPath))
                throw new UsageException($"--resume: no checkpoint at '{checkpointPath}' (give the run's file with --checkpoint).");
            saved = TrainingCheckpoint.Load(checkpointPath);
            saved.EnsureFinite(checkpointPath);
            try { savedConfig = RunConfig.FromJson(saved.ConfigJson); }
            catch (FormatException e) { throw new CheckpointException(checkpointPath, $"{e.Message}.", e); }
            if (saved.ModelKind != savedConfig.Model)
                throw new CheckpointException(checkpointPath, $"model_kind '{saved.ModelKind}' differs from the config's model '{savedConfig.Model}'.");
            if (Given(r, Model) && !modelName.Equals(saved.ModelKind, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--model {modelName} does not match the checkpoint '{checkpointPath}', which holds a {saved.ModelKind} model; leave --model out to continue it.");
            modelName = saved.ModelKind;
        }

        var spec = CharLmRegistry.Find(modelName) ?? throw new UsageException($"--model: unknown model '{modelName}'; expected one of {CharLmRegistry.Names}.");
        int hidden = Pick(r, Hidden, savedConfig?.Hidden, "hidden", checkpointPath);
        int layers = Pick(r, Layers, savedConfig?.Layers, "layers", checkpointPath);
        int embedding = Pick(r, Embedding, savedConfig?.Embedding, "embedding", checkpointPath);
        int seq = Pick(r, Seq, savedConfig?.Seq, "seq", checkpointPath);
        int batch = Pick(r, Batch, savedConfig?.Batch, "batch", checkpointPath);
        string optimizerName = PickText(r, OptimizerOption, savedConfig?.Optimizer, "optimizer", checkpointPath).ToLowerInvariant();
        double clip = PickDouble(r, Clip, savedConfig?.Clip, "clip", checkpointPath);
        double clipNorm = r.GetValue(ClipNorm) ?? savedConfig?.ClipNorm ?? 0;
        if (savedConfig is not null && Given(r, ClipNorm) && clipNorm != savedConfig.ClipNorm)
            throw new UsageException($"--clip-norm {Format(clipNorm)} does not match the checkpoint '{checkpointPath}' ({Format(savedConfig.ClipNorm)}); leave it out to continue the run.");
        ulong seed = savedConfig?.Seed ?? r.GetValue(Seed);
        double lr = r.GetValue(Lr) ?? savedConfig?.LearningRate ?? optimizerName switch { "adam" => 2e-3, "sgd" => 1.0, _ => 0.1 };
        int sampleEvery = r.GetValue(SampleEvery), sampleLength = r.GetValue(SampleLength), progressEvery = r.GetValue(ProgressEvery);
        int checkpointEvery = r.GetValue(CheckpointEvery), evalEvery = r.GetValue(EvalEvery);
        string lossKind = PickText(r, LossOption, savedConfig?.Loss, "loss", checkpointPath).ToLowerInvariant();
        double lrDecay = r.GetValue(LrDecay) ?? savedConfig?.LrDecay ?? 1;
        int lrDecayAfter = r.GetValue(LrDecayAfter) ?? savedConfig?.LrDecayAfter ?? 10;
        string? plotPath = r.GetValue(Plot);

        Positive(hidden, "--hidden", "the number of hidden units");
        Positive(layers, "--layers", "the number of recurrent layers");
        Positive(embedding, "--embedding", "the embedding size");
        Positive(seq, "--seq", "the window length");
        Positive(batch, "--batch", "the number of streams");
        Positive(progressEvery, "--progress-every", "a step count");
        NonNegative(sampleEvery, "--sample-every", "a step count (0: never)");
        Positive(sampleLength, "--sample-length", "a number of characters");
        NonNegative(checkpointEvery, "--checkpoint-every", "a step count (0: only at the end)");
        if (!(lr > 0) || !double.IsFinite(lr)) throw new UsageException($"--lr must be a positive finite number, got {Format(lr)}.");
        if (!(clip >= 0) || !double.IsFinite(clip)) throw new UsageException($"--clip must be a finite number ≥ 0 (0: no clipping), got {Format(clip)}.");
        if (r.GetValue(ClipNorm) is double cn && (!(cn > 0) || !double.IsFinite(cn))) throw new UsageException($"--clip-norm must be a positive finite number, got {Format(cn)}.");
        if (lossKind is not ("sum" or "mean")) throw new UsageException($"--loss: expected sum or mean, got '{lossKind}'.");
        if (!(lrDecay > 0 && lrDecay <= 1)) throw new UsageException($"--lr-decay must be a factor in (0, 1] (1: constant), got {Format(lrDecay)}.");
        if (lrDecayAfter < 0) throw new UsageException($"--lr-decay-after must be ≥ 0 epochs, got {lrDecayAfter}.");
        NonNegative(evalEvery, "--eval-every", "a step count (0: only at the end)");
        if (plotPath is not null) LossCurve.CheckPath(plotPath, "--plot");
        if (optimizerName is not ("adagrad" or "adam" or "sgd")) throw new UsageException($"--optimizer: unknown optimizer '{optimizerName}'; expected adagrad, adam or sgd.");
        if (r.GetValue(Steps) is long s0 && s0 < 0) throw new UsageException($"--steps must be ≥ 0, got {s0}.");
        if (r.GetValue(Epochs) is double e0 && (!(e0 > 0) || !double.IsFinite(e0))) throw new UsageException($"--epochs must be a positive number, got {Format(e0)}.");
        if (Given(r, Steps) && Given(r, Epochs)) throw new UsageException("--steps and --epochs both given; give one.");
        if (resume && Given(r, Seed) && r.GetValue(Seed) != seed)
            error.WriteLine($"autogradrnn: warning: --seed {r.GetValue(Seed)} is ignored: a resumed run continues from its checkpoint's random state (seed {seed}).");

        // Every output is checked, and the checkpoint locked, before the first step.
        using var run = CheckpointRun.Open(checkpointPath, "--checkpoint", resume, r.GetValue(Force), output);

        var corpus = TextCorpus.Load(dataPath);
        var vocabulary = Vocabulary.FromText(corpus.Text);
        if (saved is not null && !saved.Vocabulary.Tokens.SequenceEqual(vocabulary.Tokens))
            throw new UsageException($"the vocabulary of '{dataPath}' ({vocabulary.Count} characters) differs from the checkpoint '{checkpointPath}''s ({saved.Vocabulary.Count} characters); resume with the data the run was trained on.");
        string dataHash = DataFingerprint.Of(corpus.Text);
        if (savedConfig?.DataSha256 is string savedHash && savedHash != dataHash)
            throw new UsageException($"--data '{dataPath}' is not the text the run in '{checkpointPath}' was trained on (its SHA-256 differs, though the vocabulary is the same); resume with that text, or start a new run.");
        ModelFootprint.Check(ModelFootprint.Of(spec.WeightBlocks, vocabulary.Count, embedding, hidden, batch, seq, optimizerName),
            $"--hidden {hidden}, --embedding {embedding}, --batch {batch}, --seq {seq}");
        var tokens = vocabulary.Encode(corpus.Text);
        var split = DataSplit.Create(tokens);
        var batcher = new SequenceBatcher(split.Train, batch, seq, dataPath);
        long steps = r.GetValue(Epochs) is double epochs ? (long)Math.Ceiling(epochs * batcher.WindowsPerEpoch) : r.GetValue(Steps) ?? DefaultSteps;

        var config = new RunConfig
        {
            Model = spec.Name, Vocabulary = vocabulary.Count, Embedding = embedding, Hidden = hidden, Layers = layers, Seq = seq, Batch = batch,
            Optimizer = optimizerName, LearningRate = lr, Clip = clip, ClipNorm = clipNorm, Seed = seed, Data = dataPath,
            Loss = lossKind, LrDecay = lrDecay, LrDecayAfter = lrDecayAfter, DataSha256 = dataHash,
        };
        ILearningRateSchedule? schedule = lrDecay < 1 ? new StepDecaySchedule(lr, lrDecay, lrDecayAfter) : null;
        double windowWeight = lossKind == "mean" ? 1.0 / seq : 1.0;
        var curve = plotPath is null ? null : new LossCurve((int)Math.Min(steps - Math.Min(steps, saved?.Step ?? 0), int.MaxValue / 2));
        var rng = new Rng(seed);
        var model = spec.Create(new CharLmConfig(vocabulary.Count, embedding, hidden, layers), DType.Float32, rng);
        IOptimizer optimizer = optimizerName switch { "adam" => new Adam(lr), "sgd" => new Sgd(lr), _ => new Adagrad(lr) };
        IGradientClipper clipper = clipNorm > 0 ? new GlobalNormClipper(clipNorm) : clip > 0 ? new ElementwiseClipper(clip) : new NoClipping();
        var parameters = model.Weights.NamedTensors();
        var gradientContainer = model.NewGradients();
        var gradients = gradientContainer.NamedTensors();
        var state = model.NewState(batch);
        var smooth = SmoothedLoss.Course(vocabulary.Count, seq);
        long step = 0;

        // Bound before any state is loaded, so the loaded state is checked against the model now and is the
        // optimizer's live state from here on, whether or not a step follows.
        optimizer.Initialize(parameters);
        if (saved is not null)
        {
            saved.RestoreWeights(parameters, checkpointPath);
            saved.RestoreOptimizer(optimizer, checkpointPath);
            if (Given(r, Lr)) optimizer.LearningRate = lr;
            saved.RestoreRng(rng, checkpointPath);
            saved.RestoreCarriedState(model.NamedState(state), checkpointPath);
            if (saved.Batcher is not { } position) throw new CheckpointException(checkpointPath, "holds no batcher position.");
            try { batcher.Restore(position); }
            catch (ArgumentException e) { throw new UsageException($"'{dataPath}' is shorter than the text the run in '{checkpointPath}' was trained on: {e.Message}; resume with that text."); }
            smooth.Value = saved.SmoothedLoss ?? smooth.Value;
            step = saved.Step;
        }

        long parameterCount = parameters.Sum(p => (long)p.Value.Shape.Size);
        output.WriteLine($"autogradrnn train: {spec.Name}{(layers > 1 ? $" × {layers} layers" : "")}, V {vocabulary.Count}, E {embedding}, H {hidden} ({parameterCount:N0} parameters, float32); " +
                         $"seq {seq}, batch {batch}; {optimizer.Kind} lr {Format(lr)}" +
                         (schedule is not null ? $", ×{Format(lrDecay)} each epoch from epoch {lrDecayAfter + 1}" : "") + "; " +
                         (lossKind == "mean" ? "gradient of the mean loss per character; " : "") +
                         (clipNorm > 0 ? $"global-norm clip {Format(clipNorm)}" : clip > 0 ? $"element-wise clip ±{Format(clip)}" : "no clipping") + $"; seed {seed}");
        output.WriteLine($"data: {dataPath}: {tokens.Length:N0} characters, {split.Train.Length:N0} for training ({Plural(batcher.WindowsPerEpoch, "window")} a pass), {split.Validation.Length:N0} held out");
        output.WriteLine(saved is not null
            ? $"resuming {checkpointPath} at step {step:N0} (smoothed loss {smooth.Value:F3}); " +
              (steps > step ? $"training to step {steps:N0}" : $"nothing to train: --steps {steps:N0} is not above it (the checkpoint is written again unchanged)")
            : $"training {Plural(steps, "step")}; the printed loss is the course's: summed over the {seq} characters of a window, smoothed 0.999 (starts at {smooth.Value:F2} = {seq}·ln {vocabulary.Count})");
        if (steps == DefaultSteps && !Given(r, Steps) && !Given(r, Epochs))
            output.WriteLine($"(a short run: train longer with --steps 500000 or --epochs 20; continue this one with --resume --steps N)");

        var (inputs, targets) = batcher.NewTimeMajorRows();
        var clock = Stopwatch.StartNew();
        var meter = new ThroughputMeter(window: 3);
        meter.Mark(step, 0);
        var slot = new CheckpointSlot(checkpointPath, saved?.Step);
        TrainingCheckpoint Snapshot() => CheckpointOf(model, vocabulary, config, parameters, optimizer, state, step, batcher, rng, smooth);
        using var interrupt = new InterruptSignal(error);
        while (step < steps && !interrupt.Requested)
        {
            double loss = model.TrainNextWindow(batcher, inputs, targets, state, gradientContainer, windowWeight);
            if (!double.IsFinite(loss))
            {
                output.WriteLine($"training diverged at step {step + 1:N0}: the loss is {loss}; try a lower --lr or clipping. No checkpoint written for this run's last steps.");
                return ExitCodes.Failed;
            }
            clipper.Clip(gradients);
            if (schedule is not null) optimizer.LearningRate = schedule.LearningRate(batcher.Epoch + 1, step);
            optimizer.Step(parameters, gradients);
            smooth.Update(loss);
            step++;
            curve?.AddWindow(step, loss / seq);

            if (step % progressEvery == 0 || step == steps)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                meter.Mark(step, seconds);
                double rate = meter.StepsPerSecond * seq * batch;
                output.WriteLine($"step {step.ToString("N0", CultureInfo.InvariantCulture),9}  epoch {batcher.EpochProgress,6:F3}  loss {smooth.Value,8:F3} ({smooth.Value / seq:F3}/char)  {rate,8:N0} chars/s  ETA {Duration(meter.SecondsTo(steps))}" +
                                 (schedule is not null ? $"  lr {Format(optimizer.LearningRate)}" : ""));
            }
            if (sampleEvery > 0 && step % sampleEvery == 0)
            {
                var sampleState = Generation.Row(state, 0);
                var text = Generation.Generate(model, vocabulary, sampleState, [inputs[0][0]], sampleLength, 1.0, rng);
                output.WriteLine($"----- sample at step {step:N0} -----");
                output.WriteLine(text);
                output.WriteLine("-----");
            }
            if (evalEvery > 0 && step % evalEvery == 0 && step < steps && split.Validation.Length >= 2)
            {
                var (heldOut, _) = Evaluate(model, split.Validation, seq);
                curve?.AddValidation(step, heldOut);
                output.WriteLine($"validation at step {step:N0}: {heldOut:F4} nats/char");
            }
            if (checkpointEvery > 0 && step % checkpointEvery == 0 && step < steps && slot.TryWrite(Snapshot(), step) is string problem)
                error.WriteLine($"autogradrnn: the checkpoint of step {step:N0} was not written: {problem} Training goes on; {slot.Holding}; the next try is at step {step + checkpointEvery:N0}.");
        }

        if (interrupt.Requested)
        {
            if (slot.TryWrite(Snapshot(), step) is string lost)
            {
                error.WriteLine($"autogradrnn: {interrupt.SignalName} at step {step:N0}: the checkpoint was not written: {lost} {slot.Holding}.");
                return interrupt.ExitCode;
            }
            error.WriteLine($"autogradrnn: {interrupt.SignalName}: stopped after step {step:N0} of {steps:N0}; checkpoint written to '{checkpointPath}'; continue with: train --resume --checkpoint {checkpointPath}" +
                            (Given(r, Steps) || Given(r, Epochs) ? $" --steps {steps}" : ""));
            return interrupt.ExitCode;
        }
        int exitCode = ExitCodes.Success;
        string? failed = slot.TryWrite(Snapshot(), step);
        // The checkpoint is on disk: from here a signal ends the process as usual instead of waiting for the evaluation.
        interrupt.Dispose();
        if (failed is not null)
        {
            error.WriteLine($"autogradrnn: the final checkpoint (step {step:N0}) was not written: {failed} {slot.Holding}.");
            exitCode = ExitCodes.Failed;
        }
        else
        {
            output.WriteLine($"checkpoint: {checkpointPath} (step {step:N0}); continue with --resume --steps N, sample with: sample --checkpoint {checkpointPath}");
        }

        if (split.Validation.Length >= 2)
        {
            var (nats, count) = Evaluate(model, split.Validation, seq);
            output.WriteLine($"validation ({Plural(count, "prediction")} over the {split.Validation.Length:N0} held-out characters): {nats:F4} nats/char, {LossMetrics.BitsPerCharacter(nats):F4} bits/char, perplexity {LossMetrics.Perplexity(nats):F3}");
            curve?.AddValidation(step, nats);
        }
        else
        {
            output.WriteLine("validation: the held-out part is too short to evaluate.");
        }
        if (curve is not null && plotPath is not null)
        {
            curve.Save(plotPath, $"{spec.Name}: E {embedding}, H {hidden}, seq {seq}, batch {batch}, {optimizer.Kind} — {Path.GetFileName(dataPath)}");
            output.WriteLine($"loss curve: {plotPath} ({Plural(curve.Windows, "window")})");
        }
        return exitCode;
    }

    /// <summary>The mean loss per character over <paramref name="tokens"/>, batch 1, windows of <paramref name="seq"/>,
    /// the state carried from the zero state through the whole text.</summary>
    public static (double NatsPerChar, long Count) Evaluate(CharLanguageModel model, int[] tokens, int seq)
    {
        var state = model.NewState(1);
        var total = new LossAccumulator();
        int[][] inputs = [], targets = [];
        for (int start = 0; start + 1 < tokens.Length; start += seq)
        {
            int length = Math.Min(seq, tokens.Length - 1 - start);
            if (inputs.Length != length)
            {
                inputs = new int[length][];
                targets = new int[length][];
                for (int t = 0; t < length; t++) { inputs[t] = new int[1]; targets[t] = new int[1]; }
            }
            for (int t = 0; t < length; t++) { inputs[t][0] = tokens[start + t]; targets[t][0] = tokens[start + t + 1]; }
            total.Add(model.EvaluateWindow(inputs, targets, state), length);
        }
        return (total.NatsPerToken, total.Tokens);
    }

    private static TrainingCheckpoint CheckpointOf(CharLanguageModel model, Vocabulary vocabulary, RunConfig config, IReadOnlyList<NamedTensor> parameters,
        IOptimizer optimizer, Tensor[] state, long step, SequenceBatcher batcher, Rng rng, SmoothedLoss smooth) =>
        new TrainingCheckpoint
        {
            ModelKind = model.Kind, ConfigJson = config.ToJson(), Vocabulary = vocabulary, Weights = parameters,
            CarriedState = model.NamedState(state), Step = step, Epoch = batcher.Epoch, RandomState = RngState.Capture(rng),
            Batcher = batcher.State, SmoothedLoss = smooth.Value,
        }.WithOptimizer(optimizer);

    private static int Pick(ParseResult r, Option<int> option, int? saved, string name, string path)
    {
        int value = r.GetValue(option);
        if (saved is not int s) return value;
        if (Given(r, option) && value != s)
            throw new UsageException($"--{name} {value} does not match the checkpoint '{path}' ({name} {s}); leave it out to continue the run.");
        return s;
    }

    private static string PickText(ParseResult r, Option<string> option, string? saved, string name, string path)
    {
        string value = r.GetValue(option)!;
        if (saved is null) return value;
        if (Given(r, option) && !value.Equals(saved, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--{name} {value} does not match the checkpoint '{path}' ({name} {saved}); leave it out to continue the run.");
        return saved;
    }

    private static double PickDouble(ParseResult r, Option<double> option, double? saved, string name, string path)
    {
        double value = r.GetValue(option);
        if (saved is not double s) return value;
        if (Given(r, option) && value != s)
            throw new UsageException($"--{name} {Format(value)} does not match the checkpoint '{path}' ({name} {Format(s)}); leave it out to continue the run.");
        return s;
    }

    internal static void Positive(int value, string option, string what)
    {
        if (value <= 0) throw new UsageException($"{option} must be a positive integer ({what}), got {value}.");
    }

    internal static void NonNegative(int value, string option, string what)
    {
        if (value < 0) throw new UsageException($"{option} must be ≥ 0 ({what}), got {value}.");
    }

    /// <summary>"1 window", "2,400 windows".</summary>
    internal static string Plural(long count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return "?";
        if (seconds >= 100 * 86400) return $"{seconds / 86400:N0} days";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:D2}s" : $"{t.Seconds}s";
    }
}
