namespace AutoGradRnn.Tests.Generator;

/// <summary>Whole-file snapshots of what the generator emits, and the rule that every output compiles cleanly.</summary>
public class EmittedCodeTests
{
    private const string LstmSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class LstmCell
        {
            [Differentiable]
            public static (Tensor H, Tensor C) Step(Tensor x, Tensor h, Tensor c, Tensor w, Tensor b)
            {
                var gates = MatVec(w, Concat(x, h)) + b;
                var i = Sigmoid(Slice(gates, 0, 4));
                var f = Sigmoid(Slice(gates, 1, 4));
                var o = Sigmoid(Slice(gates, 2, 4));
                var g = Tanh(Slice(gates, 3, 4));
                var cNext = f * c + i * g;
                return (o * Tanh(cNext), cNext);
            }
        }
        """;

    private const string ContainerSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        [Parameters]
        public sealed partial class CharWeights
        {
            public Tensor Emb = null!;
            public Tensor Why = null!;
            public Tensor By { get; set; } = null!;
        }

        public static partial class CharModel
        {
            [Differentiable]
            public static double Loss(CharWeights p, int token, int target, double scale)
            {
                var x = Embedding(p.Emb, token);
                double loss = CrossEntropy(MatVec(p.Why, x) + p.By, target);
                loss = loss * scale;
                return loss;
            }
        }
        """;

    [Fact]
    public void Lstm_cell()
    {
        var run = GeneratorHarness.Run(LstmSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var (hint, text) = Assert.Single(run.Generated);
        Assert.Equal("Demo.LstmCell.Step.g.cs", hint);
        Snapshot.Match(nameof(EmittedCodeTests), nameof(Lstm_cell), hint, text);
    }

    [Fact]
    public void Container_and_a_loss_reading_it()
    {
        var run = GeneratorHarness.Run(ContainerSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(new[] { "Demo.CharModel.Loss.g.cs", "Demo.CharWeights.Parameters.g.cs" }, run.Generated.Select(g => g.HintName).OrderBy(h => h, StringComparer.Ordinal));
        foreach (var (hint, text) in run.Generated) Snapshot.Match(nameof(EmittedCodeTests), nameof(Container_and_a_loss_reading_it), hint, text);
    }

    [Fact]
    public void Backward_quotes_each_forward_statement_and_the_rule_with_the_names_at_that_use()
    {
        var text = GeneratorHarness.Run(LstmSource).Generated.Single().Text;
        Assert.Contains("// line 16:9: var cNext = f * c + i * g;", text);
        // f * c + i * g and Tanh(Slice(gates, 3, 4)) are fused (Ops.AddProducts, Ops.TanhOfSlice): their rules are quoted.
        Assert.Contains("//   cNext = AddProducts(f, c, i, g)  ⇒  df += dcNext ∘ c; dc += dcNext ∘ f; di += dcNext ∘ g; dg += dcNext ∘ i", text);
        Assert.Contains("//   g = TanhOfSlice(gates, 3, 4)  ⇒  dgates[…, part 3 of 4] += (1 − g∘g) ∘ dg", text);
    }

    [Fact]
    public void Output_is_deterministic()
    {
        Assert.Equal(GeneratorHarness.Run(ContainerSource).Generated, GeneratorHarness.Run(ContainerSource).Generated);
    }
}
