using System.CommandLine;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>gradcheck</c>: each built-in model's generated backward (the window loss, BPTT included) against float64
/// central differences, at small sizes, every entry of every weight and of the incoming state, with the
/// outgoing state projected on random tensors so its gradient path is checked too. Prints the checker's
/// per-tensor table with the worst entries; exit code 1 when any model fails.
/// </summary>
public static class GradCheckCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = $"all, or one of {CharLmRegistry.Names}.", DefaultValueFactory = _ => "all", HelpName = "name" };
    private static readonly Option<int> Vocab = new("--vocab") { Description = "Vocabulary size V of the random tokens.", DefaultValueFactory = _ => 7, HelpName = "V" };
    private static readonly Option<int> Embedding = new("--embedding") { Description = "Embedding size E.", DefaultValueFactory = _ => 4, HelpName = "E" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Hidden units H.", DefaultValueFactory = _ => 5, HelpName = "H" };
    private static readonly Option<int> Layers = new("--layers") { Description = "Recurrent layers of the cell, stacked.", DefaultValueFactory = _ => 1, HelpName = "L" };
    private static readonly Option<int> Seq = new("--seq") { Description = "Window length T (steps of BPTT).", DefaultValueFactory = _ => 6, HelpName = "T" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Streams B.", DefaultValueFactory = _ => 2, HelpName = "B" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the weights, tokens, state and check.", DefaultValueFactory = _ => 1UL, HelpName = "n" };
    private static readonly Option<int> Worst = new("--worst") { Description = "Worst entries listed per tensor.", DefaultValueFactory = _ => 3, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("gradcheck", "Check each registered cell's language model (its generated backward, BPTT included) against float64 finite differences of the cell's own code (exit code 1 on failure).");
        foreach (var option in new Option[] { Model, Vocab, Embedding, Hidden, Layers, Seq, Batch, Seed, Worst, Cli.DetectAnomaly }) command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Cli.WithAnomalyMode(r, () => Run(r, output))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        string name = r.GetValue(Model)!;
        var specs = name.Equals("all", StringComparison.OrdinalIgnoreCase) ? CharLmRegistry.All
            : [CharLmRegistry.Find(name) ?? throw new UsageException($"--model: unknown model '{name}'; expected all or one of {CharLmRegistry.Names}.")];
        int v = r.GetValue(Vocab), e = r.GetValue(Embedding), h = r.GetValue(Hidden), layers = r.GetValue(Layers), t = r.GetValue(Seq), b = r.GetValue(Batch), worst = r.GetValue(Worst);
        if (v < 2) throw new UsageException($"--vocab must be at least 2, got {v}.");
        Arguments.Positive(e, "--embedding", "the embedding size");
        Arguments.Positive(h, "--hidden", "the number of hidden units");
        Arguments.Positive(layers, "--layers", "the number of recurrent layers");
        Arguments.Positive(t, "--seq", "the window length");
        Arguments.Positive(b, "--batch", "the number of streams");
        Arguments.NonNegative(worst, "--worst", "entries listed per tensor");
        ModelFootprint.Check(ModelFootprint.Of(specs.Max(s => s.WeightBlocks), v, e, h, b, t, "sgd", layers, elementBytes: 8),
            $"--vocab {v}, --hidden {h}, --embedding {e}, --layers {layers}, --batch {b}, --seq {t}");
        ulong seed = r.GetValue(Seed);
        bool allPassed = true;
        foreach (var spec in specs)
        {
            var result = Check(spec, new CharLmConfig(v, e, h, layers), t, b, seed, worst);
            output.WriteLine($"== {spec.Name}: window loss over T = {t} steps, batch {b}, V {v}, E {e}, H {h}, {layers} layer(s), float64, every entry; "
                + "the numeric gradient is taken of the cell's own Step and the head's own methods");
            output.Write(result.Report());
            output.WriteLine();
            allPassed &= result.Passed;
        }
        output.WriteLine(allPassed ? $"gradcheck: all {specs.Count} passed" : "gradcheck: FAILED");
        return allPassed ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Checks one model's window loss (weights, incoming state, outgoing state) in float64, every entry.</summary>
    public static GradientCheckResult Check(CharLmSpec spec, CharLmConfig config, int seq, int batch, ulong seed, int worst = 3)
    {
        var rng = new Rng(seed);
        var model = spec.Create(config, DType.Float64, rng);
        int[][] Tokens() => Enumerable.Range(0, seq).Select(_ => Enumerable.Range(0, batch).Select(_ => rng.NextInt(config.Vocabulary)).ToArray()).ToArray();
        var inputs = Tokens();
        var targets = Tokens();
        var state = model.StateNames.Select(_ => Init.Normal(rng, DType.Float64, 0, 0.5, batch, config.Hidden)).ToArray();
        var projections = model.StateNames.Select(_ => Init.Normal(rng, DType.Float64, 0, 1, batch, config.Hidden)).ToArray();
        var function = model.LossFunction(inputs, targets, state, projections);
        return GradientChecker.Check(function, GradientCheckOptions.Default with { CheckEveryEntry = true, WorstEntries = worst, Seed = seed });
    }
}
