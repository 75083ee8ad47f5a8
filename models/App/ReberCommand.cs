using System.CommandLine;
using AutoGradRnn.Models.Experiments.Common;
using AutoGradRnn.Models.Experiments.Reber;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>reber</c>: the Reber grammar experiment (models/Experiments/Reber). Each network reads generated strings of the
/// plain and the embedded Reber grammar and predicts, after every symbol, the set of legal next symbols (7 sigmoid
/// outputs); prints progress, then the fraction of held-out strings processed fully right (every step's thresholded
/// outputs exactly the legal set) and of those whose second-to-last step is right.
/// </summary>
public static class ReberCommand
{
    private static readonly Option<string> Models = new("--models") { Description = "The cells, comma-separated: any registered cell (built in: elman, lstm, gru).", DefaultValueFactory = _ => "elman,lstm", HelpName = "list" };
    private static readonly Option<string> Grammars = new("--grammars") { Description = "The grammars, comma-separated: plain, embedded.", DefaultValueFactory = _ => "plain,embedded", HelpName = "list" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H.", DefaultValueFactory = _ => new ReberSettings().Hidden, HelpName = "H" };
    private static readonly Option<int> Embedding = new("--embedding") { Description = "Embedding size E of the 7 symbols.", DefaultValueFactory = _ => new ReberSettings().Embedding, HelpName = "E" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Strings per batch (each batch holds strings of one length).", DefaultValueFactory = _ => new ReberSettings().Batch, HelpName = "B" };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "The most passes over the training strings (a run stops once every training string is right).", DefaultValueFactory = _ => new ReberSettings().Epochs, HelpName = "n" };
    private static readonly Option<string> OptimizerOption = new("--optimizer") { Description = OptimizerChoice.Names + ".", DefaultValueFactory = _ => "adam", HelpName = "name" };
    private static readonly Option<double?> Lr = new("--lr") { Description = "Learning rate. [default: 0.01 for adam, 0.1 for adagrad, 1 for sgd]", HelpName = "rate" };
    private static readonly Option<double> ClipNorm = new("--clip-norm") { Description = "Clip the global gradient norm to n; 0 turns it off.", DefaultValueFactory = _ => new ReberSettings().ClipNorm, HelpName = "n" };
    private static readonly Option<int> TrainStrings = new("--train-strings") { Description = "Generated training strings per grammar.", DefaultValueFactory = _ => new ReberSettings().TrainStrings, HelpName = "n" };
    private static readonly Option<int> TestStrings = new("--test-strings") { Description = "Held-out strings (none equal to a training string).", DefaultValueFactory = _ => new ReberSettings().TestStrings, HelpName = "n" };
    private static readonly Option<int> CheckEvery = new("--check-every") { Description = "Print progress and check the training strings every n epochs.", DefaultValueFactory = _ => new ReberSettings().CheckEvery, HelpName = "n" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the strings, the weights and the shuffling.", DefaultValueFactory = _ => 1UL, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("reber", "The Reber grammar experiment: predict the legal next symbols of plain and embedded Reber strings; fraction of held-out strings fully right.");
        foreach (var option in new Option[] { Models, Grammars, Hidden, Embedding, Batch, Epochs, OptimizerOption, Lr, ClipNorm, TrainStrings, TestStrings, CheckEvery, Seed, Cli.DetectAnomaly })
            command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Runs.StopNotice.Around(error, Cli.NothingSaved("reber"), () => Cli.WithAnomalyMode(r, () => Run(r, output)))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var models = OptionLists.Names(r.GetValue(Models)!, "--models", [.. CharLm.CharLmRegistry.All.Select(s => s.Name.ToLowerInvariant())]);
        var grammars = OptionLists.Names(r.GetValue(Grammars)!, "--grammars", ["plain", "embedded"]);
        string optimizer = OptimizerChoice.Check(r.GetValue(OptimizerOption)!);
        double lr = r.GetValue(Lr) ?? optimizer switch { "adam" => 1e-2, "adagrad" => 0.1, _ => 1.0 };
        var settings = new ReberSettings
        {
            Hidden = r.GetValue(Hidden), Embedding = r.GetValue(Embedding), Batch = r.GetValue(Batch), Epochs = r.GetValue(Epochs),
            Optimizer = optimizer, LearningRate = lr, ClipNorm = r.GetValue(ClipNorm), TrainStrings = r.GetValue(TrainStrings),
            TestStrings = r.GetValue(TestStrings), CheckEvery = r.GetValue(CheckEvery), Seed = r.GetValue(Seed),
        };
        Arguments.Positive(settings.Hidden, "--hidden", "the number of hidden units");
        Arguments.Positive(settings.Embedding, "--embedding", "the embedding size");
        Arguments.Positive(settings.Batch, "--batch", "strings per batch");
        Arguments.Positive(settings.Epochs, "--epochs", "a number of passes");
        Arguments.Positive(settings.TrainStrings, "--train-strings", "a number of strings");
        Arguments.Positive(settings.TestStrings, "--test-strings", "a number of strings");
        Arguments.Positive(settings.CheckEvery, "--check-every", "a number of epochs");
        if (settings.TestStrings > 100_000) throw new UsageException($"--test-strings must be at most 100000, got {settings.TestStrings}.");
        if (!(lr > 0) || !double.IsFinite(lr)) throw new UsageException($"--lr must be a positive finite number, got {Arguments.Format(lr)}.");
        if (!(settings.ClipNorm >= 0) || !double.IsFinite(settings.ClipNorm)) throw new UsageException($"--clip-norm must be a finite number ≥ 0 (0: no clipping), got {Arguments.Format(settings.ClipNorm)}.");
        // Strings of up to about 64 symbols (embedded Reber strings are rarely longer).
        ModelFootprint.Check(ModelFootprint.Of(ModelFootprint.Blocks(models), 7, settings.Embedding, settings.Hidden, settings.Batch, 64, optimizer),
            $"--hidden {settings.Hidden}, --embedding {settings.Embedding}, --batch {settings.Batch}");

        output.WriteLine($"autogradrnn reber: {string.Join(", ", models)} on {string.Join(" and ", grammars)} Reber strings; 7 symbols BTSXPVE, sigmoid outputs " +
                         $"for the legal next symbols; E {settings.Embedding}, H {settings.Hidden}; {settings.TrainStrings} training strings in batches of " +
                         $"{settings.Batch} of one length, at most {settings.Epochs} epochs; {optimizer} lr {Arguments.Format(lr)}; " +
                         (settings.ClipNorm > 0 ? $"global-norm clip {Arguments.Format(settings.ClipNorm)}" : "no clipping") +
                         $"; {settings.TestStrings} held-out strings; seed {settings.Seed}");
        var results = new List<ReberResult>();
        foreach (var grammar in grammars)
        {
            foreach (var model in models)
            {
                var result = ReberExperiment.Run(model, grammar == "embedded", settings, output);
                output.WriteLine($"{model} {grammar}: {ResultTable.Percent(result.TestRight)} of held-out strings fully right after {result.Epochs} epochs ({result.Seconds:F0}s)");
                results.Add(result);
            }
        }
        output.WriteLine();
        output.WriteLine("Held-out strings processed fully right (at every step, the outputs above 0.5 are exactly the legal next symbols):");
        output.Write(ReberExperiment.Table(results).ToString());
        return ExitCodes.Success;
    }
}
