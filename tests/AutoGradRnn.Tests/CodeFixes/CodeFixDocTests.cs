namespace AutoGradRnn.Tests.CodeFixes;

/// <summary>docs/debugging.md shows what the code fixes write: the AGR003 stub verbatim, and the ejected Elman line by
/// line (abridged). Both are the fixes' real output for the examples on that page.</summary>
public class CodeFixDocTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "debugging.md"));

    /// <summary>The text block after the comment that starts with <paramref name="marker"/>.</summary>
    private static string Block(string marker)
    {
        int at = Page.IndexOf("<!-- " + marker, StringComparison.Ordinal);
        Assert.True(at >= 0, marker + " is not in docs/debugging.md");
        int start = Page.IndexOf("```text\n", at, StringComparison.Ordinal) + "```text\n".Length;
        int end = Page.IndexOf("\n```", start, StringComparison.Ordinal);
        return Page[start..end];
    }

    /// <summary>The first ```csharp block after <paramref name="heading"/>.</summary>
    private static string Code(string heading)
    {
        int at = Page.IndexOf(heading, StringComparison.Ordinal);
        int start = Page.IndexOf("```csharp\n", at, StringComparison.Ordinal) + "```csharp\n".Length;
        return Page[start..Page.IndexOf("\n```", start, StringComparison.Ordinal)] + "\n";
    }

    [Fact]
    public async Task The_page_shows_the_rule_stub_the_fix_writes()
    {
        string fixedText = (await AddDerivativeRuleFixTests.FixFirstAsync(Code("### Add a custom derivative rule")))[0];
        Assert.Contains(Block("the code fix's output for the example above"), fixedText);
    }

    [Fact]
    public async Task The_page_shows_lines_of_the_ejected_backward()
    {
        const string Elman = """
            using AutoGradRnn;
            using static AutoGradRnn.Ops;

            namespace MyModels;

            public static partial class Cells
            {
                [Differentiable]
                public static Tensor Elman(Tensor x, Tensor h, Tensor wx, Tensor wh, Tensor b) =>
                    Tanh(MatVec(wx, x) + MatVec(wh, h) + b);
            }
            """;
        var ejected = (await EjectBackwardTests.EjectAsync("Elman(", Elman))[0].Split('\n').ToHashSet();
        foreach (var line in Block("the code fix's output for Elman").Split('\n'))
            Assert.True(ejected.Contains(line), "not a line of the ejected code: " + line);
    }
}
