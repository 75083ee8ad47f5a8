using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradRnn.CodeFixes;

/// <summary>
/// The members the generator wrote for one [Differentiable] method (its tape, forward, backward, anomaly sites, gradient entry point
/// and checker handle), taken from the generated file as text and re-indented for the user's file: the
/// <c>[GeneratedCode]</c> attributes and the file's <c>#pragma</c> and <c>#nullable</c> lines are left out (the ejected
/// block states its own), and a line inside a multi-line string is copied unchanged.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>The generated members of <paramref name="method"/>, or null when the generator wrote none or wrote
    /// the placeholders of a method it rejected (their bodies throw).</summary>
    public static IReadOnlyList<MemberDeclarationSyntax>? Of(IMethodSymbol method, Func<SyntaxTree, bool> isUserFile)
    {
        var backward = method.ContainingType.GetMembers(method.Name + "Backward").OfType<IMethodSymbol>()
            .SelectMany(b => b.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax())
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(d => !isUserFile(d.SyntaxTree));
        if (backward?.Parent is not TypeDeclarationSyntax type) return null;
        if (backward.Body?.Statements.FirstOrDefault() is ThrowStatementSyntax) return null;
        var members = type.Members.ToList();
        if (members.Count == 0 || members.Any(m => !Name(m).StartsWith(method.Name, StringComparison.Ordinal))) return null;
        string[] required = [method.Name + "Tape", method.Name + "Forward", method.Name + "Backward", method.Name + "Function"];
        return required.All(r => members.Any(m => Name(m) == r)) ? members : null;
    }

    private static string Name(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        FieldDeclarationSyntax f => f.Declaration.Variables[0].Identifier.ValueText, // {M}AnomalySites
        _ => "",
    };

    /// <summary>The members' text with each line's indentation moved from the generated file's to <paramref name="indent"/>.</summary>
    public static string Text(IReadOnlyList<MemberDeclarationSyntax> members, string indent, string nl)
    {
        var tree = members[0].SyntaxTree;
        var text = tree.GetText();
        var span = TextSpan.FromBounds(members[0].FullSpan.Start, members[members.Count - 1].FullSpan.End);
        var verbatim = LinesInsideStrings(members, text);
        string? from = SourceLayout.IndentBefore(text, members[0].SpanStart);
        var lines = new List<string>();
        int first = text.Lines.GetLineFromPosition(span.Start).LineNumber, last = text.Lines.GetLineFromPosition(span.End).LineNumber;
        if (text.Lines[last].Start == span.End) last--;
        for (int i = first; i <= last; i++)
        {
            string line = text.Lines[i].ToString();
            if (verbatim.Contains(i))
            {
                lines.Add(line);
                continue;
            }
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith("[global::System.CodeDom.Compiler.GeneratedCode(", StringComparison.Ordinal)
                || trimmed.StartsWith("#pragma warning", StringComparison.Ordinal) || trimmed.StartsWith("#nullable", StringComparison.Ordinal))
                continue;
            if (trimmed.Length == 0) lines.Add("");
            else if (from is not null && line.StartsWith(from, StringComparison.Ordinal)) lines.Add(indent + line.Substring(from.Length));
            else lines.Add(line);
        }
        return string.Join(nl, lines);
    }

    /// <summary>Lines that begin inside a string spanning lines (verbatim, raw or interpolated): their text is the
    /// string's, so they are neither dropped nor re-indented.</summary>
    private static HashSet<int> LinesInsideStrings(IReadOnlyList<MemberDeclarationSyntax> members, SourceText text)
    {
        var lines = new HashSet<int>();
        foreach (var member in members)
        {
            var spans = member.DescendantNodes().OfType<InterpolatedStringExpressionSyntax>().Select(s => s.Span)
                .Concat(member.DescendantTokens().Where(t => t.Text.IndexOf('\n') >= 0).Select(t => t.Span));
            foreach (var s in spans)
            {
                int a = text.Lines.GetLineFromPosition(s.Start).LineNumber, b = text.Lines.GetLineFromPosition(s.End).LineNumber;
                for (int i = a + 1; i <= b; i++) lines.Add(i);
            }
        }
        return lines;
    }
}
