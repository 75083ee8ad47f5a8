using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradRnn.Generator.Infrastructure;

/// <summary>C# identifiers the generated code writes from names in the user's code.</summary>
internal static class Identifiers
{
    /// <summary>The name as C# source: <c>@class</c> for a name that is a reserved keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>d + name, as min-char-rnn writes it (dh, dWxh); d_ + name where d + name is a keyword (o gives d_o, not do).</summary>
    public static string Adjoint(string name) =>
        SyntaxFacts.GetKeywordKind("d" + name) == SyntaxKind.None ? "d" + name : "d_" + name;
}
