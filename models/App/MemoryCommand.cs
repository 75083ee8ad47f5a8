using System.CommandLine;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Models.Experiments.Memory;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>memory</c>: the memorization experiment (models/Experiments/Memory). Each network learns, for each length L, to
/// repeat L random symbols (of 8) after a delimiter; prints progress, then a table of the accuracy on the recall
/// positions of fresh test sequences, network by length, and draws it.
/// </summary>
public static class MemoryCommand
{
    private static readonly Option<string> Models = new("--models") { Description = "The cells, comma-separated: any registered cell (built in: elman, lstm, gru).", DefaultValueFactory = _ => "elman,lstm,gru", HelpName = "list" };
    private static readonly Option<string> Lengths = new("--lengths") { Description = "The sequence lengths L to memorize, comma-separated.", DefaultValueFactory = _ => "5,10,20,40", HelpName = "list" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H.", DefaultValueFactory = _ => new MemorySettings().Hidden, HelpName = "H" };
    private static readonly Option<int> Embedding = new("--embedding") { Description = "Embedding size E of the 10 symbols.", DefaultValueFactory = _ => new MemorySettings().Embedding, HelpName = "E" };
    private static readonly Option<double> ForgetBias = new("--forget-bias") { Description = "Added to the initial forget-gate biases of a cell that has them, such as the LSTM (0: PyTorch's initialisation as is).", DefaultValueFactory = _ => new MemorySettings().ForgetBias, HelpName = "b" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Fresh random sequences per training step.", DefaultValueFactory = _ => new MemorySettings().Batch, HelpName = "B" };
    private static readonly Option<int> Steps = new("--steps") { Description = "The most training steps per network and length (a run stops early when a check is 100% right).", DefaultValueFactory = _ => new MemorySettings().Steps, HelpName = "n" };
    private static readonly Option<string> OptimizerOption = new("--optimizer") { Description = OptimizerChoice.Names + ".", DefaultValueFactory = _ => "adam", HelpName = "name" };
    private static readonly Option<double?> Lr = new("--lr") { Description = "Learning rate. [default: 0.003 for adam, 0.1 for adagrad, 1 for sgd]", HelpName = "rate" };
    private static readonly Option<double> ClipNorm = new("--clip-norm") { Description = "Clip the global gradient norm to n; 0 turns it off.", DefaultValueFactory = _ => new MemorySettings().ClipNorm, HelpName = "n" };
    private static readonly Option<int> TestSequences = new("--test-sequences") { Description = "Fresh sequences the final accuracy is measured on.", DefaultValueFactory = _ => new MemorySettings().TestSequences, HelpName = "n" };
    private static readonly Option<int> CheckEvery = new("--check-every") { Description = "Print progress and check on fresh sequences every n steps.", DefaultValueFactory = _ => new MemorySettings().CheckEvery, HelpName = "n" };
    private static readonly Option<string> Plot = new("--plot") { Description = "The picture of accuracy against length (.png or .svg).", DefaultValueFactory = _ => "plots/memory.png", HelpName = "file" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the weights, the training, check and test sequences.", DefaultValueFactory = _ => 1UL, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("memory", "The memorization experiment: repeat L random symbols after a delimiter; accuracy of Elman, LSTM and GRU against L.");
        foreach (var option in new Option[] { Models, Lengths, Hidden, Embedding, ForgetBias, Batch, Steps, OptimizerOption, Lr, ClipNorm, TestSequences, CheckEvery, Plot, Seed, Cli.DetectAnomaly })
            command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Runs.StopNotice.Around(error, Cli.NothingSaved("memory"), () => Cli.WithAnomalyMode(r, () => Run(r, output)))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var models = OptionLists.Names(r.GetValue(Models)!, "--models", [.. CharLm.CharLmRegistry.All.Select(s => s.Name.ToLowerInvariant())]);
        var lengths = OptionLists.PositiveIntegers(r.GetValue(Lengths)!, "--lengths", 1000);
        string optimizer = OptimizerChoice.Check(r.GetValue(OptimizerOption)!);
        double lr = r.GetValue(Lr) ?? optimizer switch { "adam" => 3e-3, "adagrad" => 0.1, _ => 1.0 };
        var settings = new MemorySettings
        {
            Hidden = r.GetValue(Hidden), Embedding = r.GetValue(Embedding), ForgetBias = r.GetValue(ForgetBias), Batch = r.GetValue(Batch), Steps = r.GetValue(Steps),
            Optimizer = optimizer, LearningRate = lr, ClipNorm = r.GetValue(ClipNorm), TestSequences = r.GetValue(TestSequences),
            CheckEvery = r.GetValue(CheckEvery), Seed = r.GetValue(Seed),
        };
        Arguments.Positive(settings.Hidden, "--hidden", "the number of hidden units");
        Arguments.Positive(settings.Embedding, "--embedding", "the embedding size");
        Arguments.Positive(settings.Batch, "--batch", "sequences per step");
        Arguments.Positive(settings.Steps, "--steps", "a step count");
        Arguments.Positive(settings.TestSequences, "--test-sequences", "a number of sequences");
        Arguments.Positive(settings.CheckEvery, "--check-every", "a step count");
        if (!double.IsFinite(settings.ForgetBias)) throw new UsageException($"--forget-bias must be a finite number, got {Arguments.Format(settings.ForgetBias)}.");
        if (!(lr > 0) || !double.IsFinite(lr)) throw new UsageException($"--lr must be a positive finite number, got {Arguments.Format(lr)}.");
        if (!(settings.ClipNorm >= 0) || !double.IsFinite(settings.ClipNorm)) throw new UsageException($"--clip-norm must be a finite number ≥ 0 (0: no clipping), got {Arguments.Format(settings.ClipNorm)}.");
        ModelFootprint.Check(ModelFootprint.Of(ModelFootprint.Blocks(models), 10, settings.Embedding, settings.Hidden, settings.Batch, 2 * lengths.Max() + 2, optimizer),
            $"--hidden {settings.Hidden}, --embedding {settings.Embedding}, --batch {settings.Batch}");
        string plot = r.GetValue(Plot)!;
        Chart.CheckPath(plot, "--plot");

        output.WriteLine($"autogradrnn memory: {string.Join(", ", models)} at L = {string.Join(", ", lengths)}; 8 symbols + delimiter + blank; " +
                         $"E {settings.Embedding}, H {settings.Hidden}, LSTM forget-gate bias +{Arguments.Format(settings.ForgetBias)}; batch {settings.Batch} fresh sequences, at most {settings.Steps} steps; " +
                         $"{optimizer} lr {Arguments.Format(lr)}; " + (settings.ClipNorm > 0 ? $"global-norm clip {Arguments.Format(settings.ClipNorm)}" : "no clipping") +
                         $"; accuracy on the recall positions of {settings.TestSequences} test sequences (chance {ResultTable.Percent(MemoryTask.Chance)}); seed {settings.Seed}");
        var results = new List<MemoryResult>();
        foreach (var model in models)
        {
            foreach (var length in lengths)
            {
                var result = MemoryExperiment.Run(model, length, settings, output);
                output.WriteLine($"{model} L {length}: test accuracy {ResultTable.Percent(result.Accuracy)} after {result.Steps} steps ({result.Seconds:F0}s)");
                results.Add(result);
            }
        }
        output.WriteLine();
        output.WriteLine("Accuracy on the positions after the delimiter (test sequences):");
        output.Write(MemoryExperiment.Table(results, lengths).ToString());
        var series = models.Select(m => new ChartSeries(m, lengths.Select(l => (double)l).ToArray(),
            lengths.Select(l => 100 * results.First(x => x.Kind == m && x.Length == l).Accuracy).ToArray())).ToList();
        Chart.Save(plot, "Memorization: accuracy after the delimiter", "sequence length L", "accuracy (%)", series, yLimits: (0, 102));
        output.WriteLine($"plot: {plot}");
        return ExitCodes.Success;
    }
}
