using AutoGradRnn.Models.Experiments.Reber;
using AutoGradRnn.Tests.App;
using Xunit.Abstractions;

namespace AutoGradRnn.Tests.Experiments;

/// <summary>The Reber grammars, their generator against the shared reference sample, the networks' generated gradients, learning, and the command.</summary>
public class ReberTests(ITestOutputHelper log)
{
    private static int[] P(string s) => ReberGrammar.Parse(s)!;

    private static string Set(int mask) => string.Concat(ReberGrammar.Symbols.Where((_, i) => (mask >> i & 1) != 0));

    [Theory]
    [InlineData("BTSSXXTVVE")]
    [InlineData("BPVVE")]
    [InlineData("BTXSE")]
    [InlineData("BPTVPSE")]
    public void The_strings_the_literature_gives_are_in_the_grammar(string text)
    {
        Assert.NotNull(ReberGrammar.LegalSuccessors(P(text), embedded: false));
        Assert.NotNull(ReberGrammar.LegalSuccessors(P("BT" + text + "TE"), embedded: true));
        Assert.NotNull(ReberGrammar.LegalSuccessors(P("BP" + text + "PE"), embedded: true));
    }

    [Theory]
    [InlineData("BTSE", false)]
    [InlineData("BPVV", false)]
    [InlineData("TXSE", false)]
    [InlineData("BTXSEE", false)]
    [InlineData("BTBTXSEPE", true)]
    [InlineData("BPBTXSEE", true)]
    public void Strings_off_the_graph_are_refused(string text, bool embedded) =>
        Assert.Null(ReberGrammar.LegalSuccessors(P(text), embedded));

    [Fact]
    public void The_legal_successors_follow_the_graph_and_the_embedded_T_or_P_is_remembered()
    {
        Assert.Equal(["TP", "SX", "SX", "E"], ReberGrammar.LegalSuccessors(P("BTXSE"), false)!.Select(Set));
        Assert.Equal(["TP", "B", "TP", "TV", "PV", "E", "P", "E"], ReberGrammar.LegalSuccessors(P("BPBPVVEPE"), true)!.Select(Set));
    }

    [Fact]
    public void Generated_strings_are_in_their_grammar_and_the_embedded_ones_repeat_their_second_symbol()
    {
        var rng = new Rng(9);
        for (int i = 0; i < 500; i++)
        {
            Assert.NotNull(ReberGrammar.LegalSuccessors(ReberGrammar.Plain(rng), false));
            var e = ReberGrammar.Embedded(rng);
            Assert.NotNull(ReberGrammar.LegalSuccessors(e, true));
            Assert.Equal(e[1], e[^2]);
        }
    }

    private const string ReferenceSample = "data/reber/rb.data.txt";

    [SharedDataFact(ReferenceSample)]
    public void The_generator_matches_the_shared_reference_sample_in_format_and_length()
    {
        var path = SharedDataFactAttribute.PathOf(ReferenceSample);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Assert.Equal(1000, lines.Length);
        var reference = lines.Select(l => ReberGrammar.Parse(l)!).ToArray();
        Assert.All(reference, s => Assert.NotNull(ReberGrammar.LegalSuccessors(s, embedded: false)));
        // Its format: the symbols separated by single spaces, B first and E last.
        Assert.All(lines, l => Assert.Equal(string.Join(' ', ReberGrammar.Format(ReberGrammar.Parse(l)!).ToCharArray()), l));

        var rng = new Rng(2);
        var ours = Enumerable.Range(0, 5000).Select(_ => ReberGrammar.Plain(rng, minLength: 10)).ToArray();
        double referenceMean = reference.Average(s => s.Length), ourMean = ours.Average(s => s.Length);
        log.WriteLine($"lengths: reference {reference.Min(s => s.Length)}–{reference.Max(s => s.Length)}, mean {referenceMean:F2}; ours {ours.Min(s => s.Length)}–{ours.Max(s => s.Length)}, mean {ourMean:F2}");
        Assert.Equal(reference.Min(s => s.Length), ours.Min(s => s.Length));
        Assert.InRange(ourMean, referenceMean - 0.4, referenceMean + 0.4);
        double referenceT = reference.Count(s => s[1] == 1) / (double)reference.Length, ourT = ours.Count(s => s[1] == 1) / (double)ours.Length;
        Assert.InRange(ourT, referenceT - 0.06, referenceT + 0.06);
    }

    [Theory]
    [InlineData("elman")]
    [InlineData("lstm")]
    public void The_generated_gradient_of_each_network_matches_float64_finite_differences(string kind)
    {
        var model = ReberModel.Create(kind, new ReberConfig(Embedding: 3, Hidden: 4), DType.Float64, new Rng(4));
        var batch = ReberBatch.Create([P("BTBPVVETE"), P("BTBTXSETE")], embedded: true, batchSize: 2, DType.Float64).Single();
        var result = GradientChecker.Check(model.LossFunction(batch), GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    [Fact]
    public void Batches_hold_strings_of_one_length_with_their_multi_hot_targets()
    {
        var batches = ReberBatch.Create([P("BTXSE"), P("BPVVE"), P("BTSXSE")], embedded: false, batchSize: 4, DType.Float32);
        Assert.Equal([2, 1], batches.Select(b => b.Size));
        var first = batches[0];
        Assert.Equal(4, first.Steps);
        Assert.Equal(new Shape(8, 7), first.Targets.Shape);
        // Step 1 of BPVVE (after P, node 5): T or V; row 1·2 + 1.
        Assert.Equal([0, 1, 0, 0, 0, 1, 0], Enumerable.Range(0, 7).Select(s => (int)first.Targets.GetAt((1 * 2 + 1) * 7 + s)));
        Assert.Equal([2, 3], first.Rows[1]);
    }

    [Fact]
    public void The_lstm_solves_embedded_reber_and_the_elman_network_the_plain_grammar()
    {
        var settings = new ReberSettings { TrainStrings = 1000, TestStrings = 300 };
        var lstm = ReberExperiment.Run("lstm", embedded: true, settings, TextWriter.Null);
        Assert.True(lstm.TestRight >= 0.99, $"lstm embedded: {lstm.TestRight} after {lstm.Epochs} epochs");
        var elman = ReberExperiment.Run("elman", embedded: false, settings, TextWriter.Null);
        Assert.True(elman.TestRight >= 0.99, $"elman plain: {elman.TestRight} after {elman.Epochs} epochs");
    }

    [Fact]
    public void The_command_prints_progress_and_the_table()
    {
        var (code, output, error) = AppRunner.Run("reber", "--hidden", "4", "--embedding", "3", "--epochs", "2", "--check-every", "1",
            "--train-strings", "40", "--test-strings", "20");
        Assert.True(code == 0, error + output);
        Assert.Contains("epoch    2", output);
        foreach (var (model, grammar) in new[] { ("elman", "plain"), ("lstm", "plain"), ("elman", "embedded"), ("lstm", "embedded") })
            Assert.Matches($@"\| {model} +\| {grammar} +\| +20 \| +\d+\.\d% \|", output);
    }
}
