using Microsoft.CodeAnalysis;
using AutoGradRnn.Tests.Generator.Robustness;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Issue 15 class 8: the generator lowers an expression by recursing into its operands, so one of tens of
/// thousands of terms overflowed the compiler's stack, which kills it (a 20000-term sum did so in this test host). Near
/// the end of the stack the statement is AGR002 instead. The generator runs here on a thread with a small stack, so a
/// few thousand terms reach that point quickly.</summary>
public class DeepExpressionTests
{
    private static IReadOnlyList<Diagnostic> GenerateOnSmallStack(string body)
    {
        IReadOnlyList<Diagnostic>? diagnostics = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                diagnostics = GeneratorHarness.Run(CorpusCase.Template(body)).GeneratorDiagnostics;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        return diagnostics!;
    }

    [Theory]
    [InlineData(" + ", "x")]
    [InlineData(" * ", "Tanh(x)")]
    public void A_sum_of_thousands_of_terms_is_AGR002_at_the_statement(string op, string term)
    {
        string statement = "return " + string.Join(op, Enumerable.Repeat(term, 6000)) + ";";

        var diagnostics = GenerateOnSmallStack(statement);

        var d = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("AGR002", d.Id);
        Assert.Equal(statement, CorpusCase.Template(statement).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("expression nested too deeply for the generator (split it into locals)", d.GetMessage(), StringComparison.Ordinal);
    }
}
