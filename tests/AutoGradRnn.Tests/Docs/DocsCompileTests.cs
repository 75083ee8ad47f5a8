using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Tests.Generator;

namespace AutoGradRnn.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block of the documentation (docs/**/*.md, README.md and the package's runtime/README.md)
/// compiles with the generator, as its marker (an HTML comment on the line before the block) says:
/// <list type="bullet">
/// <item>no marker: the block alone compiles, with no diagnostic of the generator and no error or warning
/// (top-level statements make it a program; the usings a project with ImplicitUsings has are in scope);</item>
/// <item><c>&lt;!-- compile: with previous --&gt;</c>: the same, together with the blocks before it that it continues;</item>
/// <item><c>&lt;!-- compile: expect AGR001 --&gt;</c> (or a list): an intentionally wrong example; the generator reports
/// exactly these ids and the C# itself compiles;</item>
/// <item><c>&lt;!-- quoted: PATH --&gt;</c>, <c>&lt;!-- quoted from PATH --&gt;</c>: a quotation of a compiled file (PATH relative
/// to the repository), or with <c>Type.Method</c> of the code the generator wrote for a subject of the test project
/// (under its obj/generated): every line of the block is a line of that file, except elisions (<c>// …</c>).</item>
/// </list>
/// </summary>
public class DocsCompileTests
{
    public sealed record Block(string File, int Index, int Line, string Marker, string Code)
    {
        public override string ToString() => File + "#" + Index;
    }

    private static readonly Lazy<IReadOnlyList<Block>> All = new(Find);

    /// <summary>The global usings of a .NET project with ImplicitUsings (the default of <c>dotnet new console</c>), which
    /// the examples are written for.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var b in All.Value) data.Add(b.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Code_block_compiles_as_marked(string name)
    {
        var block = All.Value.Single(b => b.ToString() == name);
        string where = $"{block.File} line {block.Line}";
        if (block.Marker.StartsWith("quoted", StringComparison.Ordinal))
        {
            AssertQuoted(block, where);
            return;
        }
        var sources = new List<string> { block.Code };
        if (block.Marker == "compile: with previous")
        {
            var chain = All.Value.Where(b => b.File == block.File && b.Index < block.Index).Reverse().ToList();
            foreach (var previous in chain)
            {
                sources.Insert(0, previous.Code);
                if (previous.Marker != "compile: with previous") break;
            }
        }
        var expected = block.Marker.StartsWith("compile: expect ", StringComparison.Ordinal)
            ? block.Marker["compile: expect ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet()
            : new HashSet<string>();
        Assert.True(block.Marker.Length == 0 || block.Marker == "compile: with previous" || expected.Count > 0, $"{where}: unknown marker '{block.Marker}'");

        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Doc{i}.cs")).ToList();
        bool program = trees.Any(t => t.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any());
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, new CSharpParseOptions(LanguageVersion.Latest), path: "ImplicitUsings.cs"));
        var compilation = CSharpCompilation.Create("Doc", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation);
        string report = string.Join("\n", run.GeneratorDiagnostics.Concat(run.CompilationProblems).Select(d => d.ToString()));
        Assert.True(run.CompilationProblems.Count == 0, $"{where}: the C# does not compile cleanly:\n{report}");
        var ids = run.GeneratorDiagnostics.Select(d => d.Id).ToHashSet();
        Assert.True(ids.SetEquals(expected), $"{where}: expected {(expected.Count == 0 ? "no diagnostic" : string.Join(", ", expected))}, the generator reported:\n{report}");
        if (expected.Count == 0 && trees.Any(t => t.GetRoot().DescendantNodes().OfType<AttributeSyntax>().Any(a => a.Name.ToString() is "Differentiable" or "Parameters")))
            Assert.True(run.Generated.Count > 0, $"{where}: nothing was generated");
    }

    [Fact]
    public void Documentation_has_code_blocks_and_every_wrong_diagnostic_example_is_marked()
    {
        var blocks = All.Value;
        Assert.True(blocks.Count > 50, $"only {blocks.Count} blocks found");
        foreach (var page in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics"), "AGR*.md"))
        {
            string file = Relative(page);
            string id = Path.GetFileNameWithoutExtension(page);
            // AGR010 is a generator bug: no code is known to produce it, so its page shows valid code only.
            if (id == "AGR010") continue;
            var marked = blocks.Where(b => b.File == file && b.Marker.StartsWith("compile: expect", StringComparison.Ordinal)).ToList();
            Assert.True(marked.Count > 0 && marked.All(b => b.Marker.Contains(id, StringComparison.Ordinal)), $"{file}: its Wrong example must be marked <!-- compile: expect {id} -->");
            Assert.Contains(blocks, b => b.File == file && b.Marker.Length == 0);
        }
    }

    [Fact]
    public void Every_diagnostic_page_quotes_the_message_of_its_descriptor()
    {
        var descriptors = typeof(AutoGradRnn.Generator.DifferentiableGenerator).Assembly
            .GetType("AutoGradRnn.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
        foreach (var d in descriptors)
        {
            string page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", d.Id + ".md"));
            Assert.Contains("# " + d.Id + ": " + d.Title, page);
            Assert.Contains("**Message:** `" + d.MessageFormat + "`", page);
        }
    }

    private static void AssertQuoted(Block block, string where)
    {
        string sources = block.Marker.StartsWith("quoted from ", StringComparison.Ordinal) ? block.Marker["quoted from ".Length..] : block.Marker["quoted: ".Length..];
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources.Split(", ", StringSplitOptions.TrimEntries))
            lines.UnionWith(QuotedText(source, where).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()));
        foreach (var line in block.Code.Split('\n').Select(l => l.Trim()))
        {
            if (line.Length == 0 || line.StartsWith("// …", StringComparison.Ordinal) || line == "…") continue;
            Assert.True(lines.Contains(line), $"{where}: this line is not in {sources}:\n{line}");
        }
    }

    private static string QuotedText(string source, string where)
    {
        string text;
        if (!File.Exists(Path.Combine(RepositoryRoot.Path, source)))
        {
            // Type.Method: the code the generator wrote for a subject of the test project (obj/generated).
            string suffix = "." + (source.StartsWith("generated ", StringComparison.Ordinal) ? source["generated ".Length..] : source) + ".g.cs";
            string folder = Path.Combine(RepositoryRoot.Path, "tests", "AutoGradRnn.Tests", "obj");
            var file = Directory.GetFiles(folder, "*.g.cs", SearchOption.AllDirectories).FirstOrDefault(f => f.EndsWith(suffix, StringComparison.Ordinal));
            Assert.True(file is not null, $"{where}: no generated file *{suffix} under {folder}");
            text = File.ReadAllText(file!);
        }
        else text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, source));
        return text;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

    private static IReadOnlyList<Block> Find()
    {
        string root = RepositoryRoot.Path;
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "README.md"))
            .Append(Path.Combine(root, "runtime", "README.md"))
            .Order(StringComparer.Ordinal);
        var blocks = new List<Block>();
        foreach (var path in files)
        {
            var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            int index = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp") continue;
                int before = i - 1;
                while (before >= 0 && lines[before].Trim().Length == 0) before--;
                string marker = before >= 0 && lines[before].Trim() is var m && m.StartsWith("<!--", StringComparison.Ordinal) && m.EndsWith("-->", StringComparison.Ordinal)
                    ? m[4..^3].Trim() : "";
                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                Assert.True(end > i, $"{Relative(path)} line {i + 1}: the block is not closed");
                blocks.Add(new Block(Relative(path), ++index, i + 1, marker, string.Join("\n", lines[(i + 1)..end])));
                i = end;
            }
        }
        return blocks;
    }
}
