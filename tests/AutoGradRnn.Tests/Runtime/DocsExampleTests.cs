namespace AutoGradRnn.Tests.Runtime;

/// <summary>docs/adding-a-primitive.md quotes compiled code; these keep each quotation identical to its source.</summary>
public class DocsExampleTests
{
    private const string Doc = "docs/adding-a-primitive.md";

    private static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The code block that follows the marker <c>&lt;!-- quoted from {path} --&gt;</c>.</summary>
    private static string QuotedFrom(string path)
    {
        string doc = Read(Doc);
        string marker = $"<!-- quoted from {path} -->\n```csharp\n";
        int start = doc.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Doc} has no quotation of {path}.");
        start += marker.Length;
        int end = doc.IndexOf("```\n", start, StringComparison.Ordinal);
        return doc[start..end];
    }

    [Fact]
    public void The_worked_example_is_the_compiled_file()
    {
        const string source = "tests/AutoGradRnn.Tests/Runtime/SoftplusExample.cs";

        Assert.Equal(Read(source), QuotedFrom(source));
    }

    [Fact]
    public void The_quoted_rule_case_is_in_RuleCases()
    {
        const string source = "tests/AutoGradRnn.Tests/Runtime/RuleCases.cs";
        var lines = Read(source).Split('\n').Select(l => l.Trim());

        Assert.Contains(QuotedFrom(source).Trim(), lines);
    }
}
