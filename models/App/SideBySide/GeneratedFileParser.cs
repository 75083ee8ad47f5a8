using System.Text.RegularExpressions;

namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// Reads a generated file (<c>{Namespace}.{Type}.{Method}.g.cs</c>) into a <see cref="MethodListing"/>: the header's tape
/// remarks, the quoted statements of <c>{Method}Forward</c> and the body of <c>{Method}Backward</c> cut into adjoint
/// blocks. It reads only what the generator writes on purpose (the quoting comments, the remarks, the two methods'
/// signatures and braces on lines of their own), and says which file and what was missing when a file is not one.
/// </summary>
public static partial class GeneratedFileParser
{
    private const string OncePrefix = "//   once per call: ";
    private const string LoopPrefix = "//   per iteration of the loop at line ";

    /// <summary>A <c>global::</c> qualifier of generated code, up to the last dot: <c>global::AutoGradRnn.Ops.</c>.</summary>
    [GeneratedRegex(@"global::(?:[A-Za-z_]\w*\.)*", RegexOptions.CultureInvariant)]
    internal static partial Regex Qualifier();

    public static MethodListing Parse(string fileName, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string name = fileName.EndsWith(".g.cs", StringComparison.Ordinal) ? fileName[..^".g.cs".Length] : fileName;
        string method = name[(name.LastIndexOf('.') + 1)..];
        var (forwardAt, forward) = Body(lines, method + "Forward(", fileName);
        // A step of a window has its backward pass in {Method}BackwardInWindow ({Method}Backward calls it and adds the weight gradients).
        bool inWindow = lines.Any(l => l.Contains(" static void " + method + "BackwardInWindow(", StringComparison.Ordinal));
        var (_, backward) = Body(lines, method + (inWindow ? "BackwardInWindow(" : "Backward("), fileName);
        string? once = null;
        var perIteration = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Take(forwardAt).Select(l => l.Trim()))
        {
            if (line.StartsWith(OncePrefix, StringComparison.Ordinal)) once = line[OncePrefix.Length..];
            else if (line.StartsWith(LoopPrefix, StringComparison.Ordinal))
            {
                string rest = line[LoopPrefix.Length..];
                int colon = rest.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0) perIteration[rest[..colon]] = rest[(colon + 2)..];
            }
        }
        return new MethodListing(name, Signature(lines[forwardAt], method), once, perIteration, ForwardStatements(forward), BackwardBlocks.Cut(backward));
    }

    /// <summary>The method as declared, from the generated forward pass's signature: no qualifiers, no tape, its own name.</summary>
    private static string Signature(string forwardLine, string method)
    {
        string s = Qualifier().Replace(forwardLine.Trim(), "");
        if (s.StartsWith("public static ", StringComparison.Ordinal)) s = s["public static ".Length..];
        s = s.Replace(method + "Forward(", method + "(", StringComparison.Ordinal);
        int tape = s.LastIndexOf(method + "Tape tape)", StringComparison.Ordinal);
        if (tape < 0) return s;
        string head = s[..tape].TrimEnd();
        if (head.EndsWith(',')) head = head[..^1];
        return head + ")";
    }

    /// <summary>The quoted statements in source order, each once, at the deepest nesting it was quoted at.</summary>
    private static List<ForwardStatement> ForwardStatements(IReadOnlyList<string> body)
    {
        var found = new Dictionary<string, ForwardStatement>(StringComparer.Ordinal);
        int depth = 0;
        bool afterElse = false;
        foreach (var line in body)
        {
            string t = line.Trim();
            if (t == "{") depth++;
            else if (t == "}") depth--;
            else if (t == "else") afterElse = true;
            else if (QuotedStatement.TryParse(line, out var position, out int l, out int c, out var text))
            {
                found[position] = found.TryGetValue(position, out var seen)
                    ? seen with { Depth = Math.Max(seen.Depth, depth), AfterElse = seen.AfterElse || afterElse }
                    : new ForwardStatement(position, l, c, text, depth, afterElse);
                afterElse = false;
            }
        }
        return found.Values.OrderBy(s => s.Line).ThenBy(s => s.Column).ToList();
    }

    /// <summary>The lines between the braces of the generated method whose signature names <paramref name="member"/>, with
    /// the body's own indentation removed; and the signature's line.</summary>
    private static (int At, List<string> Body) Body(string[] lines, string member, string fileName)
    {
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            string t = lines[i].TrimStart();
            if (!t.StartsWith("public static ", StringComparison.Ordinal) || !t.Contains(" " + member, StringComparison.Ordinal)) continue;
            if (lines[i + 1].Trim() != "{") break;
            string indent = lines[i + 1][..lines[i + 1].IndexOf('{')];
            var body = new List<string>();
            for (int j = i + 2; j < lines.Length; j++)
            {
                if (lines[j] == indent + "}") return (i, body);
                body.Add(lines[j].StartsWith(indent + "    ", StringComparison.Ordinal) ? lines[j][(indent.Length + 4)..] : lines[j].Trim());
            }
            break;
        }
        throw new InvalidDataException($"'{fileName}' has no generated method {member.TrimEnd('(')}(…) with a body: it is not the generated code of a [Differentiable] method, or the generator reported errors for it (build the program and read its AGR errors).");
    }
}
