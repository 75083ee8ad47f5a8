using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// Writes the side-by-side page: one self-contained HTML file (style and script inline, nothing fetched; well-formed XML too, so a test can parse it strictly) with, per
/// method, the user's forward statements on the left and the generated backward on the right. Forward statement
/// <c>f{section}-{line}-{column}</c> lists its adjoint blocks <c>b{section}-{line}-{column}-{n}</c> in
/// <c>data-adjoints</c>, and each block names its statement in <c>data-statement</c>; ids are made of numbers only,
/// and every piece of code or name is escaped.
/// </summary>
public static class SideBySidePage
{
    public static string Render(string title, IReadOnlyList<PageSection> sections)
    {
        var w = new StringBuilder();
        w.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>").Append(HtmlText.Escape(title)).Append("</title>\n");
        w.Append("<style>\n/*<![CDATA[*/\n").Append(PageStyle.Css).Append("\n/*]]>*/\n</style>\n</head>\n<body class=\"short\">\n<header>\n");
        w.Append("<h1>").Append(HtmlText.Escape(title)).Append("</h1>\n");
        w.Append("<p>Left: the forward methods as written (each statement at its line:column). Right: the backward the generator wrote. ")
         .Append("Hover or select a statement or an adjoint block: both are highlighted, and the panel below lists the rules applied.</p>\n");
        w.Append("<p id=\"check\">The links are checked when the page's script runs.</p>\n");
        w.Append("<p><label><input type=\"checkbox\" id=\"short-names\" checked=\"checked\" /> hide <code>global::</code> qualifiers</label></p>\n</header>\n");
        for (int i = 0; i < sections.Count; i++) Section(w, i, sections[i]);
        w.Append("<aside id=\"info\" aria-live=\"polite\"><p>Select a forward statement or an adjoint block.</p></aside>\n");
        w.Append("<script>\n//<![CDATA[\n").Append(PageScript.Js).Append("\n//]]>\n</script>\n</body>\n</html>\n");
        return w.ToString();
    }

    /// <summary>The id of the forward statement at <paramref name="position"/> (<c>45:9</c>) of section <paramref name="section"/>.</summary>
    public static string StatementId(int section, string position) => "f" + Number(section) + "-" + position.Replace(':', '-');

    /// <summary>The id of the <paramref name="n"/>th adjoint block quoting <paramref name="position"/>.</summary>
    public static string BlockId(int section, string position, int n) => "b" + Number(section) + "-" + position.Replace(':', '-') + "-" + Number(n);

    private static void Section(StringBuilder w, int index, PageSection section)
    {
        var m = section.Listing;
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var known = m.Forward.Select(s => s.Position).ToHashSet(StringComparer.Ordinal);
        if (section.Loop is not null)
        {
            string method = m.Name[(m.Name.LastIndexOf('.') + 1)..];
            w.Append("<div class=\"loop\">").Append(HtmlText.Escape(section.Loop)).Append(" <b>Tape per iteration</b> (one ").Append(HtmlText.Escape(method))
             .Append("Tape per step): ").Append(HtmlText.Escape(m.OncePerCall ?? "nothing")).Append("</div>\n");
        }
        w.Append("<section class=\"method\" id=\"m").Append(Number(index)).Append("\">\n<h2>").Append(HtmlText.Escape(m.Name)).Append("</h2>\n");
        w.Append("<p class=\"role\">").Append(HtmlText.Escape(section.Role)).Append("</p>\n");
        if (m.OncePerCall is not null && section.Loop is null) // a step in a loop: the loop's box says what each step keeps
            w.Append("<p class=\"tape\"><b>Tape, once per call:</b> ").Append(HtmlText.Escape(m.OncePerCall)).Append("</p>\n");

        var backward = new StringBuilder();
        Nodes(backward, index, m.Backward, known, blocks);

        w.Append("<div class=\"pair\">\n<div class=\"side forward\">\n<h3>Forward: your method</h3>\n<div class=\"code\">\n");
        w.Append("<div class=\"sig\">[Differentiable] ").Append(HtmlText.Escape(m.Signature)).Append("</div>\n");
        foreach (var s in m.Forward) Statement(w, index, s, m, blocks);
        w.Append("</div>\n</div>\n<div class=\"side backward\">\n<h3>Backward: generated</h3>\n<div class=\"code\">\n");
        w.Append(backward);
        w.Append("</div>\n</div>\n</div>\n</section>\n");
    }

    private static void Statement(StringBuilder w, int index, ForwardStatement s, MethodListing m, Dictionary<string, List<string>> blocks)
    {
        string indent = new(' ', 4 * s.Depth);
        if (s.AfterElse)
            w.Append("<div class=\"else\"><span class=\"pos\"></span><code>").Append(new string(' ', 4 * Math.Max(0, s.Depth - 1))).Append("else</code></div>\n");
        var targets = blocks.TryGetValue(s.Position, out var list) ? list : [];
        w.Append("<div class=\"stmt").Append(targets.Count == 0 ? " noadj" : "").Append("\" id=\"").Append(StatementId(index, s.Position))
         .Append("\" tabindex=\"0\" data-pos=\"").Append(s.Position).Append("\" data-adjoints=\"").Append(string.Join(' ', targets)).Append('"');
        if (targets.Count == 0) w.Append(" title=\"No adjoint block: no gradient flows back through this statement.\"");
        w.Append("><span class=\"pos\">").Append(s.Position).Append("</span><code>").Append(indent).Append(HtmlText.Escape(s.Text)).Append("</code>");
        if (m.PerIteration.TryGetValue(s.Position, out var perIteration))
            w.Append("<div class=\"tape\"><b>Tape, per iteration of this loop:</b> ").Append(HtmlText.Escape(perIteration)).Append("</div>");
        w.Append("</div>\n");
    }

    private static void Nodes(StringBuilder w, int index, IReadOnlyList<BackwardNode> nodes, HashSet<string> known, Dictionary<string, List<string>> blocks)
    {
        foreach (var node in nodes)
        {
            if (node is AdjointBlock block)
            {
                if (!blocks.TryGetValue(block.Position, out var list)) blocks[block.Position] = list = [];
                string id = BlockId(index, block.Position, list.Count);
                list.Add(id);
                bool linked = known.Contains(block.Position);
                w.Append("<div class=\"adj").Append(linked ? "" : " orphan").Append("\" id=\"").Append(id).Append("\" data-pos=\"").Append(block.Position)
                 .Append("\" data-statement=\"").Append(linked ? StatementId(index, block.Position) : "").Append("\">\n");
                Nodes(w, index, block.Items, known, blocks);
                w.Append("</div>\n");
            }
            else if (node is BackwardLine line)
            {
                Line(w, line.Text);
            }
        }
    }

    private static void Line(StringBuilder w, string text)
    {
        string t = text.TrimStart();
        string kind = t.Length == 0 ? "blank"
            : QuotedStatement.TryParse(text, out _, out _, out _, out _) ? "quote"
            : t.StartsWith("//   ", StringComparison.Ordinal) ? "rule"
            : t.StartsWith("//", StringComparison.Ordinal) ? "note"
            : "plain";
        w.Append("<div class=\"l ").Append(kind).Append("\">");
        int at = 0;
        foreach (Match q in GeneratedFileParser.Qualifier().Matches(text))
        {
            w.Append(HtmlText.Escape(text[at..q.Index])).Append("<span class=\"q\">").Append(HtmlText.Escape(q.Value)).Append("</span>");
            at = q.Index + q.Length;
        }
        w.Append(HtmlText.Escape(text[at..])).Append("</div>\n");
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
