using System.CommandLine;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Models.Experiments.Exploding;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>exploding</c>: the exploding and vanishing gradient experiment (models/Experiments/Exploding). For Elman and LSTM
/// networks of several hidden sizes and recurrent weight scales, the loss at the last step of random sequences is
/// propagated back, and the gradient's norm and mean absolute value at every step back are printed and plotted; then
/// what element-wise and global-norm clipping make of the whole gradient.
/// </summary>
public static class ExplodingCommand
{
    private static readonly Option<string> Models = new("--models") { Description = "The cells, comma-separated: any registered cell (built in: elman, lstm, gru).", DefaultValueFactory = _ => "elman,lstm", HelpName = "list" };
    private static readonly Option<string> Hidden = new("--hidden") { Description = "Hidden sizes H, comma-separated.", DefaultValueFactory = _ => "16,64", HelpName = "list" };
    private static readonly Option<string> Scales = new("--scales") { Description = "Recurrent weight scales, comma-separated: weights ~ N(0, scale²/fan-in), so an Elman network's recurrent matrix has a spectral radius of about the scale.", DefaultValueFactory = _ => "0.5,1,2,4", HelpName = "list" };
    private static readonly Option<int> Seq = new("--seq") { Description = "Sequence length T (steps back through time).", DefaultValueFactory = _ => new ExplodingSettings().Steps, HelpName = "T" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Random sequences the per-step values are averaged over.", DefaultValueFactory = _ => new ExplodingSettings().Batch, HelpName = "B" };
    private static readonly Option<double> Clip = new("--clip") { Description = "Element-wise clip threshold c (every entry to [-c, c]).", DefaultValueFactory = _ => new ExplodingSettings().Clip, HelpName = "c" };
    private static readonly Option<double> ClipNorm = new("--clip-norm") { Description = "Global-norm clip threshold n.", DefaultValueFactory = _ => new ExplodingSettings().ClipNorm, HelpName = "n" };
    private static readonly Option<double> ForgetBias = new("--forget-bias") { Description = "The initial forget-gate bias of a cell that has a forget gate, such as the LSTM (the other biases are 0).", DefaultValueFactory = _ => 0.0, HelpName = "b" };
    private static readonly Option<string> Plot = new("--plot") { Description = "The picture of log10 ‖∂L/∂h_t‖ against the steps back (.png or .svg).", DefaultValueFactory = _ => "plots/exploding.png", HelpName = "file" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the sequences and the weights.", DefaultValueFactory = _ => 1UL, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("exploding", "Exploding and vanishing gradients: ‖∂L/∂h_t‖ back through time for Elman and LSTM, hidden sizes and weight scales, with and without clipping.");
        foreach (var option in new Option[] { Models, Hidden, Scales, Seq, Batch, Clip, ClipNorm, ForgetBias, Plot, Seed }) command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Runs.StopNotice.Around(error, Cli.NothingSaved("exploding"), () => Run(r, output))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var settings = new ExplodingSettings
        {
            Models = OptionLists.Names(r.GetValue(Models)!, "--models", [.. CharLm.CharLmRegistry.All.Select(s => s.Name.ToLowerInvariant())]),
            Hidden = OptionLists.PositiveIntegers(r.GetValue(Hidden)!, "--hidden", 4096),
            Scales = OptionLists.PositiveNumbers(r.GetValue(Scales)!, "--scales"),
            Steps = r.GetValue(Seq), Batch = r.GetValue(Batch), Clip = r.GetValue(Clip), ClipNorm = r.GetValue(ClipNorm), ForgetBias = r.GetValue(ForgetBias), Seed = r.GetValue(Seed),
        };
        if (settings.Steps < 2) throw new UsageException($"--seq must be at least 2 (steps back through time), got {settings.Steps}.");
        if (settings.Steps > 10_000) throw new UsageException($"--seq must be at most 10000, got {settings.Steps}.");
        Arguments.Positive(settings.Batch, "--batch", "a number of sequences");
        if (!(settings.Clip > 0) || !double.IsFinite(settings.Clip)) throw new UsageException($"--clip must be a positive finite number, got {Arguments.Format(settings.Clip)}.");
        if (!(settings.ClipNorm > 0) || !double.IsFinite(settings.ClipNorm)) throw new UsageException($"--clip-norm must be a positive finite number, got {Arguments.Format(settings.ClipNorm)}.");
        if (!double.IsFinite(settings.ForgetBias)) throw new UsageException($"--forget-bias must be a finite number, got {Arguments.Format(settings.ForgetBias)}.");
        string plot = r.GetValue(Plot)!;
        Chart.CheckPath(plot, "--plot");

        output.WriteLine($"autogradrnn exploding: {string.Join(", ", settings.Models)}; H {string.Join(", ", settings.Hidden)}; recurrent weight scales " +
                         $"{string.Join(", ", settings.Scales.Select(Arguments.Format))}; {settings.Batch} random sequences of T = {settings.Steps} inputs " +
                         $"(E {settings.Inputs}, N(0, 1)), a {settings.Classes}-class cross-entropy at the last step; biases 0" +
                         (settings.ForgetBias != 0 ? $" (the LSTM's forget gates: {Arguments.Format(settings.ForgetBias)})" : "") + $"; float64; seed {settings.Seed}");
        var results = ExplodingExperiment.Run(settings, output);
        output.WriteLine();
        output.WriteLine("‖∂L/∂h_t‖ (L2 norm over the hidden units, mean over the sequences) at k steps back from the loss (k = T − 1 − t); no clipping:");
        output.Write(ExplodingExperiment.PerStepTable(results, x => x.Norms, settings.Steps).ToString());
        output.WriteLine();
        output.WriteLine("mean |∂L/∂h_t| at k steps back; no clipping:");
        output.Write(ExplodingExperiment.PerStepTable(results, x => x.MeanAbs, settings.Steps).ToString());
        output.WriteLine();
        output.WriteLine("‖∂L/∂x_t‖ (the inputs) at k steps back; no clipping:");
        output.Write(ExplodingExperiment.PerStepTable(results, x => x.InputNorms, settings.Steps).ToString());
        output.WriteLine();
        output.WriteLine($"Clipping ∂L/∂h (all T steps taken as one gradient): its norm ‖g‖ and largest entry ‖g‖∞ without clipping, element-wise to ±{Arguments.Format(settings.Clip)}, by global norm to {Arguments.Format(settings.ClipNorm)}:");
        output.Write(ExplodingExperiment.ClipTable(results, x => x.HiddenClip, settings).ToString());
        output.WriteLine();
        output.WriteLine("Clipping the weights' gradient ∂L/∂θ (what a trainer clips) the same ways:");
        output.Write(ExplodingExperiment.ClipTable(results, x => x.WeightClip, settings).ToString());
        ExplodingExperiment.Plot(plot, results, settings.Steps);
        output.WriteLine($"plot: {plot}");
        return ExitCodes.Success;
    }
}
