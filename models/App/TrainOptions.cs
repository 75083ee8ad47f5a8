namespace AutoGradRnn.Models.App;

/// <summary>
/// What <c>train</c> does, as a program gives it to <see cref="TextTraining.Run(TrainOptions, TextWriter?, TextWriter?)"/>:
/// one property per command-line option. A null property takes its default, or, with <see cref="Resume"/>, the
/// checkpoint's value; a value given that differs from the checkpoint's is refused.
/// </summary>
/// <example>
/// <code>
/// return TextTraining.Run&lt;MyCell&gt;(new TrainOptions { Data = "input.txt", Hidden = 128, Steps = 20_000, Plot = "loss.svg" });
/// </code>
/// </example>
public sealed record TrainOptions
{
    /// <summary>The registered cell (<c>--model</c>). [default: lstm; with <see cref="TextTraining.Run{TCell}"/>, that cell]</summary>
    public string? Model { get; init; }
    /// <summary>The training text, any UTF-8 file; its last 10% is held out (<c>--data</c>). [default: the bundled corpus]</summary>
    public string? Data { get; init; }
    /// <summary>Hidden units H. [default: 100]</summary>
    public int? Hidden { get; init; }
    /// <summary>Recurrent layers, stacked. [default: 1]</summary>
    public int? Layers { get; init; }
    /// <summary>Embedding size E. [default: 32]</summary>
    public int? Embedding { get; init; }
    /// <summary>Window length T of truncated BPTT. [default: 25]</summary>
    public int? Seq { get; init; }
    /// <summary>Streams of the text trained side by side. [default: 1]</summary>
    public int? Batch { get; init; }
    /// <summary>adagrad, adam or sgd. [default: adagrad]</summary>
    public string? Optimizer { get; init; }
    /// <summary>Learning rate; on resume it replaces the checkpoint's. [default: 0.1 adagrad, 0.002 adam, 1 sgd]</summary>
    public double? LearningRate { get; init; }
    /// <summary>Element-wise clip to [−c, c]; 0 off. [default: 5]</summary>
    public double? Clip { get; init; }
    /// <summary>Global-norm clip instead of element-wise clipping. [default: off]</summary>
    public double? ClipNorm { get; init; }
    /// <summary>Total steps (windows), counted from the start of the run, also when resuming. [default: 60,000]</summary>
    public long? Steps { get; init; }
    /// <summary>Passes over the training text instead of <see cref="Steps"/>.</summary>
    public double? Epochs { get; init; }
    /// <summary>What a window's gradient is of: sum (the course) or mean (per character). [default: sum]</summary>
    public string? Loss { get; init; }
    /// <summary>The learning-rate factor per epoch after <see cref="LrDecayAfter"/>. [default: 1, constant]</summary>
    public double? LrDecay { get; init; }
    /// <summary>Epochs at the initial rate before <see cref="LrDecay"/> applies. [default: 10]</summary>
    public int? LrDecayAfter { get; init; }
    /// <summary>A sample every n steps; 0 never. [default: 1000]</summary>
    public int? SampleEvery { get; init; }
    /// <summary>Characters per sample. [default: 200]</summary>
    public int? SampleLength { get; init; }
    /// <summary>A progress line every n steps. [default: 1000]</summary>
    public int? ProgressEvery { get; init; }
    /// <summary>Also evaluate on the held-out text every n steps; 0 only at the end. [default: 0]</summary>
    public int? EvalEvery { get; init; }
    /// <summary>The loss curve, .png or .svg, written at the end. [default: none]</summary>
    public string? Plot { get; init; }
    /// <summary>The safetensors checkpoint, written atomically. [default: checkpoints/&lt;model&gt;.safetensors]</summary>
    public string? Checkpoint { get; init; }
    /// <summary>Also write the checkpoint every n steps; 0 only at the end. [default: 5000]</summary>
    public int? CheckpointEvery { get; init; }
    /// <summary>Seed of the weights and the samples. [default: 1]</summary>
    public ulong? Seed { get; init; }
    /// <summary>Continue the run saved in <see cref="Checkpoint"/> exactly, up to <see cref="Steps"/>.</summary>
    public bool Resume { get; init; }
    /// <summary>Replace the checkpoint of another run at <see cref="Checkpoint"/>.</summary>
    public bool Force { get; init; }
    /// <summary>Check every value and gradient for NaN and ±Inf and stop at the first with its statement, line,
    /// iteration and entry (<c>--detect-anomaly</c>; see <see cref="AnomalyMode"/>). [default: off]</summary>
    public bool DetectAnomaly { get; init; }

    /// <summary>The defaults, also shown by <c>train --help</c>.</summary>
    public static class Defaults
    {
        public const string Model = "lstm";
        public const int Hidden = 100, Layers = 1, Embedding = 32, Seq = 25, Batch = 1;
        public const string Optimizer = "adagrad", Loss = "sum";
        public const double Clip = 5, LrDecay = 1;
        public const int LrDecayAfter = 10;
        /// <summary>Under a minute on two idle cores (about 50,000 characters a second), enough to see words and punctuation form.</summary>
        public const long Steps = 60000;
        public const int SampleEvery = 1000, SampleLength = 200, ProgressEvery = 1000, EvalEvery = 0, CheckpointEvery = 5000;
        public const ulong Seed = 1;

        /// <summary>The learning rate an optimizer starts from when none is given.</summary>
        public static double LearningRate(string optimizer) => optimizer switch { "adam" => 2e-3, "sgd" => 1.0, _ => 0.1 };
    }
}
