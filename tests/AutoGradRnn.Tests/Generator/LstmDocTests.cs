namespace AutoGradRnn.Tests.Generator;

/// <summary>docs/lstm-backward.md quotes the generated backward; it must stay what the generator emits.</summary>
public class LstmDocTests
{
    [Fact]
    public void Doc_quotes_the_approved_snapshot_of_the_backward()
    {
        string root = RepositoryRoot.Path;
        string doc = File.ReadAllText(Path.Combine(root, "docs", "lstm-backward.md")).Replace("\r\n", "\n");
        string snapshot = File.ReadAllText(Path.Combine(root, "tests", "AutoGradRnn.Tests", "Generator", "Snapshots", "EmittedCodeTests.Lstm_cell#Demo.LstmCell.Step.g.verified.cs"));
        string quoted = doc.Substring(doc.IndexOf("The generated backward, verbatim:", StringComparison.Ordinal));
        var lines = quoted.Split('\n').SkipWhile(l => !l.StartsWith("```csharp", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 50, "the doc quotes too little of the backward");
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
            Assert.Contains("    " + line, snapshot);
    }
}
