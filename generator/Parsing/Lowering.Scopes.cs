using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// Sibling blocks keep their own scopes. The generated forward writes the statements of a plain nested block
/// (<c>{ int k = 2; … } { int k = 3; … }</c>) into the block around it, so a passive local declared in one whose name
/// another local of the method also has is renamed (<c>k_b1</c>) wherever quoted code declares or reads it.
/// </summary>
internal sealed partial class Lowering
{
    private Dictionary<ISymbol, string>? _renamed;

    private static Dictionary<ISymbol, string> RenamedLocals(IOperation body)
    {
        var declared = body.DescendantsAndSelf().SelectMany(DeclaredLocals).Distinct(SymbolEqualityComparer.Default).Cast<ILocalSymbol>().ToList();
        var identifiers = new HashSet<string>(body.Syntax.DescendantTokens().Select(t => t.ValueText), System.StringComparer.Ordinal);
        var renamed = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        int next = 1;
        foreach (var block in body.DescendantsAndSelf().OfType<IBlockOperation>().Where(b => b.Parent is IBlockOperation))
        {
            foreach (var local in block.Locals.Where(l => KnownTypes.Classify(l.Type) == ValueKind.Passive))
            {
                if (!declared.Any(d => d.Name == local.Name && !SymbolEqualityComparer.Default.Equals(d, local))) continue;
                string name;
                do name = local.Name + "_b" + (next++).ToString(CultureInfo.InvariantCulture);
                while (identifiers.Contains(name));
                renamed[local] = name;
            }
        }
        return renamed;
    }

    private static IEnumerable<ISymbol> DeclaredLocals(IOperation node) => node switch
    {
        IVariableDeclaratorOperation d => new ISymbol[] { d.Symbol },
        IDeclarationPatternOperation { DeclaredSymbol: { } s } => new[] { s },
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => new ISymbol[] { l.Local },
        IForLoopOperation f => f.Locals,
        _ => System.Array.Empty<ISymbol>(),
    };

    /// <summary>The span and new name of a renamed local where <paramref name="node"/> declares or reads it.</summary>
    private (Microsoft.CodeAnalysis.Text.TextSpan Span, string Name)? Renaming(IOperation node)
    {
        if (_renamed is null || _renamed.Count == 0) return null;
        return node switch
        {
            ILocalReferenceOperation l when _renamed.TryGetValue(l.Local, out var n) => (l.Syntax is DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax v } ? v.Identifier.Span : l.Syntax.Span, n),
            IVariableDeclaratorOperation d when _renamed.TryGetValue(d.Symbol, out var n) && d.Syntax is VariableDeclaratorSyntax v => (v.Identifier.Span, n),
            IDeclarationPatternOperation { DeclaredSymbol: { } s } p when _renamed.TryGetValue(s, out var n) && p.Syntax is DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax v } => (v.Identifier.Span, n),
            _ => null,
        };
    }
}
