using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// Every <c>[Fuses]</c> declaration in source, whether or not a method calls its primitives: one the fusion pass would
/// never apply is AGR025 at its composition argument, saying why (<see cref="FusionReader"/>). Declarations of a
/// referenced assembly have no source to point at; they are checked where that assembly is compiled with the generator
/// (the runtime's own by a test, as the runtime is not).
/// </summary>
internal static class FusionCheck
{
    public static EquatableArray<DiagnosticInfo> Diagnose(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol fused) return EquatableArray<DiagnosticInfo>.Empty;
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var declaration in context.Attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fusion = FusionReader.Read(fused, declaration, out var problem);
            if (fusion is not null) problem = Duplicate(fused, declaration, fusion);
            if (problem is null) continue;
            var syntax = declaration.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            SyntaxNode at = syntax is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attribute ? attribute.ArgumentList.Arguments[0].Expression : syntax ?? context.TargetNode;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFusion, at, FusionReader.Describe(fused), problem));
        }
        return diagnostics.ToEquatableArray();
    }

    /// <summary>Why a declaration that reads would still never apply: the same composition declared before it in its type,
    /// which the fusion pass tries first (<see cref="FusionReader.Read(IEnumerable{INamedTypeSymbol}, INamedTypeSymbol, Compilation)"/>).</summary>
    private static string? Duplicate(IMethodSymbol fused, AttributeData declaration, FusionModel fusion)
    {
        string key = Key(fusion);
        foreach (var (other, earlier) in FusionReader.Declarations(fused.ContainingType))
        {
            if (Same(earlier, declaration)) return null;
            if (FusionReader.Read(other, earlier, out _) is { } first && Key(first) == key)
                return "the same composition is declared before it, by [Fuses(\"" + first.Composition + "\")] on '" + first.Name
                    + "', which the generator applies in its place; keep one of the two";
        }
        return null;
    }

    private static bool Same(AttributeData a, AttributeData b) =>
        ReferenceEquals(a, b)
        || a.ApplicationSyntaxReference is { } x && b.ApplicationSyntaxReference is { } y && x.SyntaxTree == y.SyntaxTree && x.Span == y.Span;

    /// <summary>What a composition matches: its rules in pre-order, with the fused primitive's parameters numbered in the
    /// order they first appear, so that two declarations naming their parameters differently compare equal.</summary>
    private static string Key(FusionModel fusion)
    {
        var numbers = new Dictionary<int, int>();
        return string.Join(";", fusion.Nodes.Select(n => n.Rule + "(" + string.Join(",", n.Children.Select(c =>
            c >= 0 ? c.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "p" + (numbers.TryGetValue(c, out int k) ? k : numbers[c] = numbers.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"));
    }
}
