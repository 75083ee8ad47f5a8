using AutoGradRnn.Models.App;

namespace AutoGradRnn.Tests.App.SideBySide;

/// <summary><c>show --html</c>'s page in a real browser (headless chromium): the DOM after the page's script has run links
/// every forward statement to its adjoint blocks, and selecting one highlights both; and a screenshot, which is the
/// picture in docs/debugging.md (written there with AUTOGRADRNN_ACCEPT=1).</summary>
public class SideBySideBrowserTests
{
    /// <summary>The LSTM's <c>var cNext = f * c + i * g;</c> (models/Cells/Lstm.cs line 50, column 9) in the char-LM page's
    /// second section, the cell's step.</summary>
    private const string CNext = "f1-50-9";

    [ChromiumFact]
    public void After_the_script_runs_every_forward_statement_is_linked_to_its_adjoint_blocks()
    {
        using var app = new AppRunner();
        foreach (var (args, selected) in new[] { (new[] { "--model", "lstm" }, CNext), (new[] { "--cell", "lstm" }, "f0-50-9") })
        {
            string page = app.File("show.html");
            var (code, output, error) = AppRunner.Run(["show", "--html", page, .. args]);
            Assert.True(code == 0, error);
            Assert.Contains("wrote ", output);

            string dom = Chromium.Run(new Uri(page).AbsoluteUri + "#s=" + selected, "--dump-dom");
            var doc = PageDocument.FromDom(dom);
            Assert.Equal(0, doc.AssertLinkedBothWays());
            // The script ran: it checked every link and marked each statement and block; none is broken.
            Assert.All(doc.Statements, s => Assert.Equal("yes", s.Attributes["data-linked"]));
            Assert.All(doc.Blocks, b => Assert.Equal("yes", b.Attributes["data-linked"]));
            Assert.Equal("ok", doc.ById["check"].Attributes["data-state"]);
            Assert.Contains($"{doc.Statements.Count} forward statements: {doc.Statements.Count} linked to their adjoint blocks, 0 with none", dom);
            // The statement named in the address is selected, with its adjoint block, and the panel lists its rules.
            var statement = doc.ById[selected];
            Assert.True(statement.HasClass("sel"), $"{selected} is not selected");
            Assert.All(statement.Adjoints, id => Assert.True(doc.ById[id].HasClass("sel"), $"{id} is not highlighted with {selected}"));
            Assert.Single(doc.Statements, s => s.HasClass("sel"));
            Assert.Contains("line 50:9", dom);
            Assert.Contains("cNext = AddProducts(f, c, i, g)  ⇒  df += dcNext ∘ c; dc += dcNext ∘ f; di += dcNext ∘ g; dg += dcNext ∘ i</li>", dom);
        }
    }

    [ChromiumFact]
    public void A_screenshot_of_the_lstm_cells_page_shows_it_drawn()
    {
        using var app = new AppRunner();
        string page = app.File("show.html"), picture = app.File("show-html.png");
        var (code, _, error) = AppRunner.Run("show", "--html", page, "--cell", "lstm");
        Assert.True(code == 0, error);
        Chromium.Run(new Uri(page).AbsoluteUri + "#s=f0-50-9", "--screenshot=" + picture, "--window-size=1280,860");

        var bytes = File.ReadAllBytes(picture);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(1280, BigEndian(bytes, 16)); // IHDR width
        Assert.Equal(860, BigEndian(bytes, 20));  // IHDR height
        Assert.True(bytes.Length > 40_000, $"the screenshot is {bytes.Length} bytes: a page of code is not that empty");

        if (Environment.GetEnvironmentVariable("AUTOGRADRNN_ACCEPT") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
            File.Copy(picture, Path.Combine(RepositoryRoot.Path, "docs", "images", "show-html-lstm-cell.png"), overwrite: true);
    }

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
