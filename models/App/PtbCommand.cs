using System.CommandLine;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Models.Experiments.Ptb;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>ptb</c>: the Penn Treebank word-level language model of Zaremba et al. (2014), the "small" configuration
/// (models/Experiments/Ptb): 2-layer LSTM, hidden 200, batch 20, 20 steps, SGD lr 1 halved every epoch after the
/// fourth, global-norm clip 5, init ±0.1, 13 epochs, no dropout. Prints progress, the validation perplexity and time
/// of every epoch, the test perplexity at the end, a table, and a plot of the perplexities.
/// </summary>
public static class PtbCommand
{
    private static readonly PtbSettings Defaults = new();
    private static readonly Option<string?> Data = new("--data", "-d") { Description = "The folder holding ptb.train.txt, ptb.valid.txt and ptb.test.txt. [default: shared/data/ptb in the current directory, the app's directory or a parent, e.g. ../shared/data/ptb]", HelpName = "folder" };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs (the paper: 13).", DefaultValueFactory = _ => Defaults.Epochs, HelpName = "n" };
    private static readonly Option<int> StepsPerEpoch = new("--steps-per-epoch") { Description = "Train only the first n windows of every epoch, to measure the speed or for a quick run; 0: the whole epoch.", DefaultValueFactory = _ => 0, HelpName = "n" };
    private static readonly Option<int> EvalWords = new("--eval-words") { Description = "Evaluate only the first n words of the validation and test texts; 0: all.", DefaultValueFactory = _ => 0, HelpName = "n" };
    private static readonly Option<string> Model = new("--model", "-m") { Description = "The cell of every layer: any registered cell (built in: lstm, gru, elman).", DefaultValueFactory = _ => Defaults.Model, HelpName = "name" };
    private static readonly Option<int> Layers = new("--layers") { Description = "Recurrent layers, stacked.", DefaultValueFactory = _ => Defaults.Layers, HelpName = "L" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H (and embedding size) of every layer.", DefaultValueFactory = _ => Defaults.Hidden, HelpName = "H" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Streams B trained side by side.", DefaultValueFactory = _ => Defaults.Batch, HelpName = "B" };
    private static readonly Option<int> Seq = new("--seq") { Description = "Window length S: words unrolled per step (truncated BPTT).", DefaultValueFactory = _ => Defaults.Seq, HelpName = "S" };
    private static readonly Option<double> Lr = new("--lr") { Description = "SGD learning rate of the first epochs.", DefaultValueFactory = _ => Defaults.LearningRate, HelpName = "rate" };
    private static readonly Option<double> Decay = new("--decay") { Description = "Divide the learning rate by this every epoch after --decay-after.", DefaultValueFactory = _ => Defaults.Decay, HelpName = "d" };
    private static readonly Option<int> DecayAfter = new("--decay-after") { Description = "Epochs at the initial learning rate.", DefaultValueFactory = _ => Defaults.DecayAfter, HelpName = "n" };
    private static readonly Option<double> ClipNorm = new("--clip-norm") { Description = "Clip the global gradient norm to n.", DefaultValueFactory = _ => Defaults.ClipNorm, HelpName = "n" };
    private static readonly Option<double> InitScale = new("--init") { Description = "Every weight ~ U(-a, a).", DefaultValueFactory = _ => Defaults.Init, HelpName = "a" };
    private static readonly Option<int> ProgressEvery = new("--progress-every") { Description = "Print a progress line every n steps.", DefaultValueFactory = _ => Defaults.ProgressEvery, HelpName = "n" };
    private static readonly Option<string> Plot = new("--plot") { Description = "The picture of the perplexities per epoch (.png or .svg).", DefaultValueFactory = _ => "plots/ptb.png", HelpName = "file" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the weights.", DefaultValueFactory = _ => 1UL, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("ptb", "Penn Treebank word-level LM, Zaremba et al. 2014 small: 2-layer LSTM 200, 13 epochs; validation and test perplexity (published test: 114.5).");
        foreach (var option in new Option[] { Data, Epochs, StepsPerEpoch, EvalWords, Model, Layers, Hidden, Batch, Seq, Lr, Decay, DecayAfter, ClipNorm, InitScale, ProgressEvery, Plot, Seed, Cli.DetectAnomaly })
            command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Runs.StopNotice.Around(error, Cli.NothingSaved("ptb"), () => Cli.WithAnomalyMode(r, () => Run(r, output)))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var s = new PtbSettings
        {
            Model = r.GetValue(Model)!, Layers = r.GetValue(Layers), Hidden = r.GetValue(Hidden), Batch = r.GetValue(Batch), Seq = r.GetValue(Seq), LearningRate = r.GetValue(Lr), Decay = r.GetValue(Decay),
            DecayAfter = r.GetValue(DecayAfter), ClipNorm = r.GetValue(ClipNorm), Init = r.GetValue(InitScale), Epochs = r.GetValue(Epochs),
            StepsPerEpoch = r.GetValue(StepsPerEpoch), EvalWords = r.GetValue(EvalWords), ProgressEvery = r.GetValue(ProgressEvery), Seed = r.GetValue(Seed),
        };
        Arguments.Positive(s.Epochs, "--epochs", "a number of epochs");
        Arguments.Positive(s.Layers, "--layers", "the number of recurrent layers");
        var spec = CharLm.CharLmRegistry.Find(s.Model) ?? throw new UsageException($"--model: unknown model '{s.Model}'; expected one of {CharLm.CharLmRegistry.Names}.");
        Arguments.NonNegative(s.StepsPerEpoch, "--steps-per-epoch", "a number of windows (0: the whole epoch)");
        Arguments.NonNegative(s.EvalWords, "--eval-words", "a number of words (0: all)");
        if (s.EvalWords == 1) throw new UsageException("--eval-words must be 0 (all) or at least 2 (one prediction needs two words), got 1.");
        Arguments.Positive(s.Hidden, "--hidden", "the number of hidden units");
        Arguments.Positive(s.Batch, "--batch", "the number of streams");
        Arguments.Positive(s.Seq, "--seq", "the window length");
        Arguments.NonNegative(s.DecayAfter, "--decay-after", "a number of epochs");
        Arguments.Positive(s.ProgressEvery, "--progress-every", "a step count");
        Finite(s.LearningRate, "--lr");
        Finite(s.Decay, "--decay");
        Finite(s.ClipNorm, "--clip-norm");
        Finite(s.Init, "--init");
        string plot = r.GetValue(Plot)!;
        Chart.CheckPath(plot, "--plot");
        string folder = r.GetValue(Data) ?? PtbCorpus.FindDefault()
            ?? throw new UsageException("--data was not given and no shared/data/ptb was found in the current directory, the app's directory or their parents; pass --data FOLDER holding ptb.train.txt, ptb.valid.txt and ptb.test.txt.");

        var corpus = PtbCorpus.Load(folder);
        ModelFootprint.Check(ModelFootprint.Of(spec.WeightBlocks, corpus.Vocabulary.Count, s.Hidden, s.Hidden, s.Batch, s.Seq, "sgd", layers: s.Layers),
            $"--hidden {s.Hidden}, --batch {s.Batch}, --seq {s.Seq}, --layers {s.Layers}");
        output.WriteLine($"autogradrnn ptb: {s.Layers}-layer {spec.Name}, H {s.Hidden}, V {corpus.Vocabulary.Count}; batch {s.Batch}, {s.Seq} steps; SGD lr {Arguments.Format(s.LearningRate)}, " +
                         $"÷{Arguments.Format(s.Decay)} every epoch after epoch {s.DecayAfter}; global-norm clip {Arguments.Format(s.ClipNorm)}; init ±{Arguments.Format(s.Init)}; " +
                         $"{s.Epochs} epoch{(s.Epochs == 1 ? "" : "s")}{(s.StepsPerEpoch > 0 ? $" of at most {s.StepsPerEpoch} steps" : "")}; no dropout; float32; seed {s.Seed}");
        output.WriteLine($"data: {folder}: train {corpus.Train.Length:N0} words, valid {corpus.Valid.Length:N0}, test {corpus.Test.Length:N0} (with <eos>)" +
                         (s.EvalWords > 0 ? $"; evaluating the first {s.EvalWords:N0} words of valid and test" : ""));
        var result = PtbExperiment.Run(corpus, s, output);
        // The paper's figure is for its configuration; the seed and how often progress is printed do not change it.
        bool published = s with { Seed = Defaults.Seed, ProgressEvery = Defaults.ProgressEvery } == Defaults;
        output.WriteLine($"test perplexity {result.TestPerplexity:F2} ({result.TestWords:N0} predictions; " +
                         (published ? "published for this configuration: 114.5)" : "the published 114.5 is for the default configuration, not this one)"));
        output.WriteLine();
        output.Write(PtbExperiment.Table(result).ToString());
        var x = result.Epochs.Select(e => (double)e.Epoch).ToArray();
        Chart.Save(plot, $"PTB, {s.Layers}-layer {spec.Name}: perplexity per epoch", "epoch", "perplexity",
            [new ChartSeries("train", x, [.. result.Epochs.Select(e => e.TrainPerplexity)]), new ChartSeries("validation", x, [.. result.Epochs.Select(e => e.ValidPerplexity)])]);
        output.WriteLine($"plot: {plot}");
        return ExitCodes.Success;
    }

    private static void Finite(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new UsageException($"{option} must be a positive finite number, got {Arguments.Format(value)}.");
    }
}
