using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Who can call a fused primitive and its rule: the generated code calls them where a method writes their
/// composition, so they must be callable there (<see cref="FusionReader"/>).</summary>
internal static class FusionAccess
{
    /// <summary>Where the composition can be written, the generated code calls the fused primitive and its rule instead:
    /// each must be at least as accessible, within its assembly, as every primitive of the composition.</summary>
    public static string? Narrower(IMethodSymbol fused, ResolvedRule rule, IEnumerable<IMethodSymbol> composition)
    {
        var widest = composition.OrderByDescending(Reach).First();
        var ruleMethod = RuleMethod(fused, rule);
        var callees = new (string What, ISymbol? Symbol)[]
        {
            ("'" + FusionReader.Describe(fused) + "'", fused),
            ("its rule '" + (ruleMethod is null ? "" : FusionReader.Describe(ruleMethod)) + "'", ruleMethod),
        };
        foreach (var (what, symbol) in callees)
        {
            if (symbol is not null && Reach(symbol) < Reach(widest))
                return what + " is " + Keyword(symbol.DeclaredAccessibility) + ", but '" + FusionReader.Describe(widest) + "' of the composition is " + Keyword(widest.DeclaredAccessibility)
                    + "; the generated code calls the fused primitive and its rule wherever the composition is written, so each is at least as accessible";
        }
        return null;
    }

    /// <summary>Where in its assembly a symbol can be called from: 0 its type, 1 also derived types, 2 anywhere (the
    /// narrowest of it and its containing types).</summary>
    private static int Reach(ISymbol symbol)
    {
        int reach = 2;
        for (ISymbol? s = symbol; s is not null and not INamespaceSymbol; s = s.ContainingSymbol)
        {
            reach = System.Math.Min(reach, s.DeclaredAccessibility switch
            {
                Accessibility.Private => 0,
                Accessibility.Protected or Accessibility.ProtectedAndInternal => 1,
                _ => 2,
            });
        }
        return reach;
    }

    private static string Keyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Protected => "protected",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        _ => "public",
    };

    /// <summary>The method a resolved rule names: the static method of that name whose parameters it lists.</summary>
    private static IMethodSymbol? RuleMethod(IMethodSymbol primitive, ResolvedRule rule)
    {
        var attribute = KnownTypes.GetAttribute(primitive, KnownTypes.DerivativeRuleAttribute)!;
        var args = attribute.ConstructorArguments;
        var type = args.Length == 2 && args[0].Value is INamedTypeSymbol t ? t : primitive.ContainingType;
        string name = rule.Rule.Substring(rule.Rule.LastIndexOf('.') + 1);
        return type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Select(p => p.Name).SequenceEqual(rule.Parameters));
    }

    /// <summary>Whether code in <paramref name="within"/> can call the fused primitive and its rule. A declaration that reads
    /// is as accessible as its composition's primitives in its own assembly; another assembly may still not see it.</summary>
    public static bool Callable(IMethodSymbol fused, INamedTypeSymbol within, Compilation compilation)
    {
        var rule = RuleResolver.Resolve(fused, KnownTypes.GetAttribute(fused, KnownTypes.DerivativeRuleAttribute)!, out _);
        return compilation.IsSymbolAccessibleWithin(fused, within)
            && rule is not null && RuleMethod(fused, rule) is { } ruleMethod && compilation.IsSymbolAccessibleWithin(ruleMethod, within);
    }
}
