namespace AutoGradRnn.Tests.App.SideBySide;

/// <summary><c>show --html</c> as the command line runs it: which methods go on the page, and the errors.</summary>
public class ShowHtmlCommandTests
{
    [Theory]
    [InlineData(new[] { "--model", "gru" }, new[] { "TokenLm.Embed", "Gru.Step", "TokenLm.Loss" })]
    [InlineData(new[] { "--cell", "elman" }, new[] { "Elman.Step" })]
    [InlineData(new[] { "--model", "gru", "--cell" }, new[] { "Gru.Step" })]
    public void The_page_holds_the_model_or_the_cell_alone(string[] args, string[] methods)
    {
        using var app = new AppRunner();
        string page = app.File("page.html");
        var (code, output, error) = AppRunner.Run(["show", "--html", page, .. args]);
        Assert.True(code == 0, error);
        Assert.StartsWith($"wrote {page}: {methods.Length} method", output, StringComparison.Ordinal);
        string html = File.ReadAllText(page);
        var headings = html.Split("<h2>").Skip(1).Select(h => h[..h.IndexOf("</h2>", StringComparison.Ordinal)]).ToList();
        Assert.Equal(methods, headings.Select(h => string.Join('.', h.Split('.')[^2..])));
        Assert.Equal(0, PageDocument.FromXml(html).AssertLinkedBothWays());
    }

    [Fact]
    public void Bad_pages_and_cells_are_refused_in_one_line()
    {
        using var app = new AppRunner();
        var folder = AppRunner.Run("show", "--html", app.Folder);
        Assert.Equal(2, folder.Code);
        Assert.Contains("--html", folder.Error);
        Assert.Contains("is a directory", folder.Error);
        var cell = AppRunner.Run("show", "--html", app.File("p.html"), "--cell", "nope");
        Assert.Equal(2, cell.Code);
        Assert.Equal("autogradrnn: --cell: unknown cell 'nope'; expected one of lstm|gru|elman.\n", cell.Error.Replace("\r\n", "\n"));
        Assert.False(File.Exists(app.File("p.html")));
    }
}
