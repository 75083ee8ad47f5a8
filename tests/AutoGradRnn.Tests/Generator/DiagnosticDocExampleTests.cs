namespace AutoGradRnn.Tests.Generator;

/// <summary>The examples of the loop diagnostics' help pages (and of AGR001's, which rewrites a while loop as a for loop), run through the generator: the "Wrong" example reports
/// the page's id and nothing else, the "Fixed" one reports nothing and compiles cleanly.</summary>
public class DiagnosticDocExampleTests
{
    /// <summary>The first C# block after the heading <paramref name="heading"/> of docs/diagnostics/{id}.md.</summary>
    private static string Example(string id, string heading)
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int at = page.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{id}.md has no '## {heading}' section");
        const string open = "```csharp\n";
        int start = page.IndexOf(open, at, StringComparison.Ordinal) + open.Length;
        int end = page.IndexOf("```\n", start, StringComparison.Ordinal);
        return page[start..end];
    }

    [Theory]
    [InlineData("AGR001")]
    [InlineData("AGR013")]
    [InlineData("AGR014")]
    [InlineData("AGR015")]
    public void Wrong_example_reports_the_pages_id_only(string id)
    {
        var run = GeneratorHarness.Run(Example(id, "Wrong"));
        Assert.NotEmpty(run.GeneratorDiagnostics);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(id, d.Id));
    }

    [Theory]
    [InlineData("AGR001")]
    [InlineData("AGR005")]
    [InlineData("AGR013")]
    [InlineData("AGR014")]
    [InlineData("AGR015")]
    public void Fixed_example_is_generated_and_compiles(string id)
    {
        var run = GeneratorHarness.Run(Example(id, "Fixed"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.NotEmpty(run.Generated);
    }
}
