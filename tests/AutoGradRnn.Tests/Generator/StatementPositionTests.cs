namespace AutoGradRnn.Tests.Generator;

/// <summary>The comment quoting a forward statement carries where it starts (<c>line:column</c>), the same above its
/// forward code and above its adjoint block: the identity <c>show --html</c> pairs them by. Statements sharing a line
/// (a loop header and its one-line body, two statements on one line) must still be told apart.</summary>
public class StatementPositionTests
{
    private const string Source = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class OneLiners
        {
            [Differentiable]
            public static double Loss(int[] inputs, Tensor h, Tensor w)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++) h = Tanh(MatVec(w, h));
                var a = Sigmoid(h); var b = Tanh(a);
                loss += Sum(b);
                return loss;
            }
        }
        """;

    [Fact]
    public void Statements_on_one_line_are_quoted_with_distinct_columns_in_forward_and_backward()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string text = Assert.Single(run.Generated).Text;
        foreach (var quote in new[] { "// line 12:9: for (int t = 0; t < inputs.Length; t++)", "// line 12:49: h = Tanh(MatVec(w, h));",
                                      "// line 13:9: var a = Sigmoid(h);", "// line 13:29: var b = Tanh(a);" })
            Assert.Equal(2, Occurrences(text, quote)); // once above the forward code, once above the adjoint block
        Assert.Contains("//   per iteration of the loop at line 12:9: ", text);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
