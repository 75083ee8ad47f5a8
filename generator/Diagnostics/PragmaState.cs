using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoGradRnn.Generator.Diagnostics;

/// <summary>Whether <c>#pragma warning disable</c> is in force for a warning at a position. The compiler does not
/// apply pragmas to diagnostics that generators report, so the generator checks before reporting a warning.</summary>
internal static class PragmaState
{
    public static bool IsDisabled(SyntaxTree tree, int position, string id)
    {
        bool disabled = false;
        foreach (var trivia in tree.GetRoot().DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.SpanStart >= position) break;
            if (!trivia.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia) || trivia.GetStructure() is not PragmaWarningDirectiveTriviaSyntax pragma) continue;
            bool names = pragma.ErrorCodes.Count == 0 || pragma.ErrorCodes.Any(c => c.ToString().Trim() == id);
            if (names) disabled = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
        }
        return disabled;
    }
}
