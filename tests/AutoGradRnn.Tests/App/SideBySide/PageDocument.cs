using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AutoGradRnn.Tests.App.SideBySide;

/// <summary>The links of a side-by-side page, read from its markup: each forward statement (<c>.stmt</c>) with the
/// adjoint blocks it names, and each adjoint block (<c>.adj</c>) with the statement it names.</summary>
public sealed partial record PageDocument(IReadOnlyDictionary<string, PageElement> ById, IReadOnlyList<PageElement> Statements, IReadOnlyList<PageElement> Blocks)
{
    /// <summary>Reads the page as XML (the page is written well-formed, so this also checks that it is).</summary>
    public static PageDocument FromXml(string page)
    {
        var doc = XDocument.Parse(page, LoadOptions.None);
        var elements = doc.Descendants().Select(e => new PageElement(e.Name.LocalName, e.Attributes().ToDictionary(a => a.Name.LocalName, a => a.Value))).ToList();
        return From(elements);
    }

    /// <summary>Reads the start tags of a DOM as the browser serialised it (<c>--dump-dom</c>): HTML, not XML.</summary>
    public static PageDocument FromDom(string dom)
    {
        var elements = StartTag().Matches(dom).Select(m => new PageElement(m.Groups["name"].Value,
            Attribute().Matches(m.Groups["attributes"].Value).ToDictionary(a => a.Groups["name"].Value, a => System.Net.WebUtility.HtmlDecode(a.Groups["value"].Value)))).ToList();
        return From(elements);
    }

    private static PageDocument From(List<PageElement> elements)
    {
        var withId = elements.Where(e => e.Attributes.ContainsKey("id")).ToList();
        var duplicate = withId.GroupBy(e => e.Id).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"the id '{duplicate?.Key}' is used {duplicate?.Count()} times");
        return new PageDocument(withId.ToDictionary(e => e.Id), elements.Where(e => e.HasClass("stmt")).ToList(), elements.Where(e => e.HasClass("adj")).ToList());
    }

    /// <summary>Fails unless every statement's adjoint blocks exist and name it back, and every block's statement exists
    /// and lists it; returns the number of statements with no adjoint block.</summary>
    public int AssertLinkedBothWays()
    {
        Assert.NotEmpty(Statements);
        int none = 0;
        foreach (var s in Statements)
        {
            var targets = s.Adjoints;
            if (targets.Count == 0) { none++; Assert.True(s.HasClass("noadj"), $"{s.Id} has no adjoint block and is not marked so"); }
            foreach (var id in targets)
            {
                Assert.True(ById.TryGetValue(id, out var block), $"{s.Id} links to {id}, which is not on the page");
                Assert.True(block!.HasClass("adj"), $"{id} is not an adjoint block");
                Assert.Equal(s.Id, block.Attributes["data-statement"]);
                Assert.Equal(s.Attributes["data-pos"], block.Attributes["data-pos"]);
            }
        }
        foreach (var b in Blocks)
        {
            string statement = b.Attributes["data-statement"];
            Assert.True(ById.TryGetValue(statement, out var s), $"the adjoint block {b.Id} names the statement '{statement}', which is not on the page");
            Assert.Contains(b.Id, s!.Adjoints);
        }
        return none;
    }

    [GeneratedRegex(@"<(?<name>[a-zA-Z][\w-]*)(?<attributes>(?:\s+[^\s=/>]+(?:=""[^""]*"")?)*)\s*/?>")]
    private static partial Regex StartTag();

    [GeneratedRegex(@"(?<name>[^\s=/>]+)=""(?<value>[^""]*)""")]
    private static partial Regex Attribute();
}

public sealed record PageElement(string Name, IReadOnlyDictionary<string, string> Attributes)
{
    public string Id => Attributes["id"];

    public bool HasClass(string name) => Attributes.TryGetValue("class", out var c) && c.Split(' ').Contains(name);

    public IReadOnlyList<string> Adjoints => Attributes.TryGetValue("data-adjoints", out var a) ? a.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
}
