using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// The names the generated code must leave to the user's code: every identifier the method body mentions, except its
/// differentiable locals and arguments (whose values the planner names). C# quoted from the body (passive statements,
/// constants, loop headers, conditions) keeps these names, so a generated local that took one (a loop counter <c>k</c>
/// beside a field <c>k</c>, a <c>tape</c>, a temporary <c>sum</c>, a pattern or <c>out</c> variable) would capture or
/// shadow what the quoted code means.
/// </summary>
internal static class QuotedNames
{
    public static IEnumerable<string> Of(SyntaxNode body, IMethodSymbol method, SemanticModel model)
    {
        var followed = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var p in method.Parameters)
        {
            if (KnownTypes.Classify(p.Type) != ValueKind.Passive) followed.Add(p.Name);
        }
        foreach (var node in body.DescendantNodes())
        {
            if (model.GetDeclaredSymbol(node) is ILocalSymbol local && KnownTypes.Classify(local.Type) != ValueKind.Passive) followed.Add(local.Name);
        }
        return body.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && !followed.Contains(t.ValueText))
            .Select(t => Infrastructure.Identifiers.Escape(t.ValueText))
            .Distinct()
            .OrderBy(n => n, System.StringComparer.Ordinal);
    }
}
