using System.CommandLine;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>train</c>: a character-level language model on a text file by truncated BPTT (the state carried across
/// windows, one reused tape, gradients in preallocated containers), float32, with the course's defaults: LSTM,
/// hidden 100, seq 25, batch 1, Adagrad lr 0.1, element-wise clip ±5, a 200-character sample every 1000 steps,
/// the smoothed loss. Evaluates on the held-out last 10% at the end and writes a checkpoint (also every
/// <c>--checkpoint-every</c> steps); <c>--resume</c> continues a run from its checkpoint exactly. The command only reads
/// its options into <see cref="TrainOptions"/>; <see cref="TextTraining"/> runs them, as it does for a program's own call.
/// </summary>
public static class TrainCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = $"The model: {CharLmRegistry.Names}.", DefaultValueFactory = _ => TrainOptions.Defaults.Model, HelpName = "name" };
    private static readonly Option<string?> Data = new("--data", "-d") { Description = "The training text, any UTF-8 file; the last 10% is held out for evaluation. [default: the bundled data/corpus.txt]", HelpName = "file" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H.", DefaultValueFactory = _ => TrainOptions.Defaults.Hidden, HelpName = "H" };
    private static readonly Option<int> Layers = new("--layers") { Description = "Recurrent layers of the cell, stacked.", DefaultValueFactory = _ => TrainOptions.Defaults.Layers, HelpName = "L" };
    private static readonly Option<int> Embedding = new("--embedding") { Description = "Embedding size E (the course's Elman uses 32).", DefaultValueFactory = _ => TrainOptions.Defaults.Embedding, HelpName = "E" };
    private static readonly Option<int> Seq = new("--seq") { Description = "Window length: characters unrolled per step (truncated BPTT).", DefaultValueFactory = _ => TrainOptions.Defaults.Seq, HelpName = "T" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Independent streams of the text trained side by side (1 is the course).", DefaultValueFactory = _ => TrainOptions.Defaults.Batch, HelpName = "B" };
    private static readonly Option<string> OptimizerOption = new("--optimizer") { Description = "adagrad, adam or sgd.", DefaultValueFactory = _ => TrainOptions.Defaults.Optimizer, HelpName = "name" };
    private static readonly Option<double?> Lr = new("--lr") { Description = "Learning rate. [default: 0.1 for adagrad, 0.002 for adam, 1 for sgd]", HelpName = "rate" };
    private static readonly Option<double> Clip = new("--clip") { Description = "Clip every gradient element to [-c, c]; 0 turns it off.", DefaultValueFactory = _ => TrainOptions.Defaults.Clip, HelpName = "c" };
    private static readonly Option<double?> ClipNorm = new("--clip-norm") { Description = "Clip the global gradient norm to n instead of element-wise clipping.", HelpName = "n" };
    private static readonly Option<long?> Steps = new("--steps") { Description = $"Total training steps (windows), counted from the start of the run, also when resuming. [default: {TrainOptions.Defaults.Steps}]", HelpName = "n" };
    private static readonly Option<double?> Epochs = new("--epochs") { Description = "Train this many passes over the training text instead of --steps.", HelpName = "n" };
    private static readonly Option<int> SampleEvery = new("--sample-every") { Description = "Print a sample every n steps; 0 never.", DefaultValueFactory = _ => TrainOptions.Defaults.SampleEvery, HelpName = "n" };
    private static readonly Option<int> SampleLength = new("--sample-length") { Description = "Characters per sample.", DefaultValueFactory = _ => TrainOptions.Defaults.SampleLength, HelpName = "n" };
    private static readonly Option<int> ProgressEvery = new("--progress-every") { Description = "Print a progress line every n steps.", DefaultValueFactory = _ => TrainOptions.Defaults.ProgressEvery, HelpName = "n" };
    private static readonly Option<string?> Checkpoint = new("--checkpoint", "-o") { Description = "Checkpoint file (safetensors), written atomically at the end and every --checkpoint-every steps. [default: checkpoints/<model>.safetensors]", HelpName = "file" };
    private static readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Also write the checkpoint every n steps; 0 only at the end.", DefaultValueFactory = _ => TrainOptions.Defaults.CheckpointEvery, HelpName = "n" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the initial weights and the samples; a seed reproduces a run exactly.", DefaultValueFactory = _ => TrainOptions.Defaults.Seed, HelpName = "n" };
    private static readonly Option<string> LossOption = new("--loss") { Description = "The gradient of each window: sum (the course: of the loss summed over the window's characters) or mean (of the loss per character, as PyTorch's mean cross-entropy; it matters for --clip-norm and sgd).", DefaultValueFactory = _ => TrainOptions.Defaults.Loss, HelpName = "sum|mean" };
    private static readonly Option<double?> LrDecay = new("--lr-decay") { Description = "Multiply the learning rate by this factor at the start of each epoch after --lr-decay-after (char-rnn: 0.97 after 10; PTB small: 0.5 after 4). [default: 1, constant]", HelpName = "factor" };
    private static readonly Option<int?> LrDecayAfter = new("--lr-decay-after") { Description = "Epochs trained at the initial rate before --lr-decay applies. [default: 10]", HelpName = "epochs" };
    private static readonly Option<int> EvalEvery = new("--eval-every") { Description = "Also evaluate on the held-out text every n steps (a point on the --plot curve); 0 only at the end.", DefaultValueFactory = _ => TrainOptions.Defaults.EvalEvery, HelpName = "n" };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write this run's loss curve (nats/char: each window, its running mean, the held-out loss) to a .png or .svg file at the end.", HelpName = "file" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue the run saved in --checkpoint exactly (model, sizes and optimizer come from it) up to --steps." };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace the checkpoint of another run at --checkpoint (without it such a run is refused). A file that is not a checkpoint is never replaced." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("train", "Train a character-level language model (default: the course's LSTM on the bundled corpus).");
        foreach (var option in new Option[] { Model, Data, Hidden, Layers, Embedding, Seq, Batch, OptimizerOption, Lr, Clip, ClipNorm, Steps, Epochs,
                     LossOption, LrDecay, LrDecayAfter,
                     SampleEvery, SampleLength, ProgressEvery, EvalEvery, Plot, Checkpoint, CheckpointEvery, Seed, Resume, Force, Cli.DetectAnomaly })
            command.Options.Add(option);
        command.SetAction(result => Cli.Guard(output, error, () => TextTraining.Execute(OptionsOf(result), output, error)));
        return command;
    }

    private static T? Given<T>(ParseResult r, Option<T> o) where T : struct => r.GetResult(o) is { Implicit: false } ? r.GetValue(o) : null;

    private static T? Given<T>(ParseResult r, Option<T?> o) where T : struct => r.GetValue(o);

    private static string? GivenText(ParseResult r, Option<string> o) => r.GetResult(o) is { Implicit: false } ? r.GetValue(o) : null;

    /// <summary>The options as given: an option left out is null, so a resumed run takes the checkpoint's value.</summary>
    internal static TrainOptions OptionsOf(ParseResult r) => new()
    {
        Model = GivenText(r, Model), Data = r.GetValue(Data), Hidden = Given(r, Hidden), Layers = Given(r, Layers), Embedding = Given(r, Embedding),
        Seq = Given(r, Seq), Batch = Given(r, Batch), Optimizer = GivenText(r, OptimizerOption), LearningRate = Given(r, Lr),
        Clip = Given(r, Clip), ClipNorm = Given(r, ClipNorm), Steps = Given(r, Steps), Epochs = Given(r, Epochs), Loss = GivenText(r, LossOption),
        LrDecay = Given(r, LrDecay), LrDecayAfter = Given(r, LrDecayAfter), SampleEvery = Given(r, SampleEvery), SampleLength = Given(r, SampleLength),
        ProgressEvery = Given(r, ProgressEvery), EvalEvery = Given(r, EvalEvery), Plot = r.GetValue(Plot), Checkpoint = r.GetValue(Checkpoint),
        CheckpointEvery = Given(r, CheckpointEvery), Seed = Given(r, Seed), Resume = r.GetValue(Resume), Force = r.GetValue(Force),
        DetectAnomaly = r.GetValue(Cli.DetectAnomaly),
    };
}
