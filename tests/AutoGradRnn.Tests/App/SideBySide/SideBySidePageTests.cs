using AutoGradRnn.Models.App.SideBySide;
using AutoGradRnn.Tests.Generator;

namespace AutoGradRnn.Tests.App.SideBySide;

/// <summary><c>show --html</c>'s page builder without a browser: escaping, the reading of generated files, and that every
/// forward statement is linked to its adjoint blocks and back, for the char-LM, a cell alone and awkward code.</summary>
public class SideBySidePageTests
{
    /// <summary>Odd names and code full of markup: a keyword identifier, a non-ASCII one, a comment with quotes, an
    /// ampersand and a closing script tag inside a statement, &lt; &gt; &amp;&amp; in loop and branch conditions, an else,
    /// a statement with no gradient (<c>double total = 0</c>) and two statements on one line.</summary>
    private const string OddSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class Odd
        {
            [Differentiable]
            public static double Loss(int[] inputs, Tensor h, Tensor w)
            {
                double total = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    var @class = Tanh(MatVec(w, h) /* "<b>" & 'q' </script> */);
                    var λ = Sigmoid(@class); h = λ;
                    if (t > 0 && t % 2 == 0) total += Sum(h);
                    else total += 0.5 * Sum(@class);
                }
                return total;
            }
        }
        """;

    [Fact]
    public void Escape_turns_every_markup_character_into_an_entity()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;λ&lt;/script&gt;", HtmlText.Escape("<a href=\"x\">&'λ</script>"));
    }

    [Fact]
    public void Odd_code_is_escaped_read_and_linked()
    {
        var run = GeneratorHarness.Run(OddSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var (hint, text) = run.Generated.Single();
        var listing = GeneratedFileParser.Parse(hint, text);

        Assert.Equal("Demo.Odd.Loss", listing.Name);
        Assert.Equal("double Loss(int[] inputs, Tensor h, Tensor w)", listing.Signature);
        // h = λ; (15:38) only renames a value: it becomes no code of its own, so nothing quotes it.
        Assert.Equal(["11:9", "12:9", "14:13", "15:13", "16:13", "16:38", "17:18", "19:9"], listing.Forward.Select(s => s.Position));
        Assert.Equal([0, 0, 1, 1, 1, 2, 2, 0], listing.Forward.Select(s => s.Depth));
        Assert.Equal(["17:18"], listing.Forward.Where(s => s.AfterElse).Select(s => s.Position));
        Assert.Contains("\"<b>\" & 'q' </script>", listing.Forward.Single(s => s.Position == "14:13").Text);
        Assert.Equal(["12:9"], listing.PerIteration.Keys);
        Assert.Contains("\n    //   per iteration of the loop at line 12:9: " + listing.PerIteration["12:9"] + "\n", text);
        Assert.StartsWith("3 tensors: h_2 [h], ", listing.PerIteration["12:9"], StringComparison.Ordinal);

        string page = SideBySidePage.Render("Odd <&> \"page\"", [new PageSection(listing, "a test's method")]);
        var doc = PageDocument.FromXml(page); // well-formed, ids unique
        Assert.Equal(1, doc.AssertLinkedBothWays()); // only "double total = 0;" has no adjoint block
        Assert.True(doc.ById["f0-11-9"].HasClass("noadj"));
        Assert.NotEmpty(doc.ById["f0-16-13"].Adjoints); // the if, its branches' statements nested in its block
        Assert.Equal(listing.Forward.Count, doc.Statements.Count);
        Assert.Single(doc.Statements, s => s.Attributes["data-pos"] == "12:9");

        // Nothing of the code reached the markup unescaped, and the page fetches nothing.
        Assert.Contains("&quot;&lt;b&gt;&quot; &amp; &#39;q&#39; &lt;/script&gt;", page);
        Assert.Equal(1, Count(page, "</script>"));
        Assert.Equal(1, Count(page, "<script>"));
        Assert.Contains("<title>Odd &lt;&amp;&gt; &quot;page&quot;</title>", page);
        foreach (var external in new[] { "src=", "href=", "<link", "@import", "url(", "http:", "https:" })
            Assert.DoesNotContain(external, page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Tape, per iteration of this loop:", page);
    }

    [Fact]
    public void Every_statement_of_the_lstm_char_lm_and_of_each_cell_alone_is_linked()
    {
        foreach (var spec in Models.CharLm.CharLmRegistry.All)
        {
            foreach (bool cellOnly in new[] { false, true })
            {
                var sections = ModelPage.Sections(spec, cellOnly, f => File.ReadAllText(Path.Combine(Models.App.ShowCommand.GeneratedDirectory, f)));
                Assert.Equal(cellOnly ? 1 : 3, sections.Count);
                string page = SideBySidePage.Render(spec.Name, sections);
                var doc = PageDocument.FromXml(page);
                Assert.Equal(0, doc.AssertLinkedBothWays()); // every statement of these methods has an adjoint block
                Assert.Equal(sections.Sum(s => s.Listing.Forward.Count), doc.Statements.Count);
                Assert.Equal(sections.Sum(s => s.Listing.AdjointBlocks().Count()), doc.Blocks.Count);
                // The window loop around the cell's step, with what each step's tape keeps.
                var cell = sections.Single(s => s.Loop is not null).Listing;
                Assert.Contains(" <b>Tape per iteration</b> (one StepTape per step): " + HtmlText.Escape(cell.OncePerCall!) + "</div>", page);
            }
        }
    }

    [Fact]
    public void The_lstm_cell_is_read_statement_by_statement_with_its_rules()
    {
        var file = Models.CharLm.CharLmRegistry.Find("lstm")!.Cell.GeneratedFile;
        var listing = GeneratedFileParser.Parse(file, File.ReadAllText(Path.Combine(Models.App.ShowCommand.GeneratedDirectory, file)));
        Assert.Equal("(Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)", listing.Signature);
        Assert.Equal(8, listing.Forward.Count); // the eight statements of Lstm.Step
        Assert.Equal("var cNext = f * c + i * g;", listing.Forward[5].Text);
        var block = Assert.Single(listing.AdjointBlocks(), b => b.Position == listing.Forward[5].Position);
        var rules = block.Items.OfType<BackwardLine>().Select(l => l.Text.Trim()).Where(t => t.Contains('⇒')).ToList();
        // f * c + i * g is one fused call (Ops.AddProducts, its [Fuses]), so one rule.
        Assert.Equal(["//   cNext = AddProducts(f, c, i, g)  ⇒  df += dcNext ∘ c; dc += dcNext ∘ f; di += dcNext ∘ g; dg += dcNext ∘ i"], rules);
    }

    [Fact]
    public void A_file_that_is_not_generated_code_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => GeneratedFileParser.Parse("Demo.X.Y.g.cs", "// nothing here\n"));
        Assert.Contains("'Demo.X.Y.g.cs' has no generated method YForward(…)", e.Message);
    }

    private static int Count(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
