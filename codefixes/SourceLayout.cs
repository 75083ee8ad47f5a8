using System.Linq;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradRnn.CodeFixes;

/// <summary>How a document lays out its lines: its line break and the indentation of a declaration, so that inserted
/// code reads like the code around it.</summary>
internal static class SourceLayout
{
    /// <summary>The document's line break: the first one it has, or "\n".</summary>
    public static string NewLine(SourceText text)
    {
        var first = text.Lines.FirstOrDefault(l => l.EndIncludingLineBreak > l.End);
        return first.EndIncludingLineBreak > first.End ? text.ToString(TextSpan.FromBounds(first.End, first.EndIncludingLineBreak)) : "\n";
    }

    /// <summary>The whitespace before <paramref name="position"/> on its line, or null when anything else precedes it.</summary>
    public static string? IndentBefore(SourceText text, int position)
    {
        var line = text.Lines.GetLineFromPosition(position);
        string before = text.ToString(TextSpan.FromBounds(line.Start, position));
        return before.Trim().Length == 0 ? before : null;
    }

    /// <summary>True when <paramref name="position"/> is at the start of a line.</summary>
    public static bool AtLineStart(SourceText text, int position) => text.Lines.GetLineFromPosition(position).Start == position;
}
