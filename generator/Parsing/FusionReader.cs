using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Reads the <c>[Fuses("Outer(Inner(x, i), y)")]</c> declarations of the types a method's primitives come from
/// into <see cref="FusionModel"/>s. A declaration that does not read (one call alone, a name that is no single primitive of the fused
/// primitive's type with that many arguments, a parameter missing or of another type than the place it fills, a fused
/// primitive whose own rule does not resolve) is not applied.</summary>
internal static class FusionReader
{
    public static List<FusionModel> Read(IEnumerable<INamedTypeSymbol> sources, INamedTypeSymbol method)
    {
        var fusions = new List<FusionModel>();
        var types = sources.Append(method).Select(t => (INamedTypeSymbol)t.OriginalDefinition).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .OrderBy(t => KnownTypes.Display(t), System.StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var fused in type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsStatic && m.MethodKind == MethodKind.Ordinary))
            {
                foreach (var attribute in fused.GetAttributes())
                {
                    if (attribute.AttributeClass is not { } c || KnownTypes.FullName(c) != KnownTypes.FusesAttribute) continue;
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string composition
                        && Fusion(fused, composition) is { } fusion && !fusions.Contains(fusion))
                        fusions.Add(fusion);
                }
            }
        }
        return fusions;
    }

    private static FusionModel? Fusion(IMethodSymbol fused, string composition)
    {
        if (KnownTypes.GetAttribute(fused, KnownTypes.DerivativeRuleAttribute) is not { } ruleAttribute) return null;
        var rule = RuleResolver.Resolve(fused, ruleAttribute, out _);
        if (rule is null || Call.Parse(composition) is not { Arguments: not null } root) return null;
        var nodes = new List<FusionNode>();
        var bound = new bool[fused.Parameters.Length];
        var rootMethod = Add(fused, root, nodes, bound);
        // A composition is of two calls at least: one call alone would replace every call of a primitive by another.
        if (rootMethod is null || nodes.Count < 2 || bound.Any(b => !b) || !SymbolEqualityComparer.Default.Equals(rootMethod.ReturnType, fused.ReturnType)) return null;
        var roles = fused.Parameters.Select(p => KnownTypes.Classify(p.Type) switch
        {
            ValueKind.Tensor => ArgumentRole.Tensor,
            ValueKind.Scalar => ArgumentRole.Scalar,
            ValueKind.Container => ArgumentRole.Container,
            _ => ArgumentRole.Passive,
        });
        return new FusionModel(fused.ContainingType.Name + "." + fused.Name, composition, nodes.ToEquatableArray(), roles.ToEquatableArray(),
            KnownTypes.Display(fused.ContainingType) + "." + fused.Name, rule.Rule, rule.Formula, rule.Parameters.ToEquatableArray(), rule.Into, rule.Shape,
            rule.Reads.ToEquatableArray(), rule.RowOperands.ToEquatableArray());
    }

    /// <summary>Adds <paramref name="call"/> and its calls to <paramref name="nodes"/> in pre-order; returns the primitive it
    /// names, or null when it does not read.</summary>
    private static IMethodSymbol? Add(IMethodSymbol fused, Call call, List<FusionNode> nodes, bool[] bound)
    {
        var args = call.Arguments!;
        var candidates = fused.ContainingType.GetMembers(call.Name).OfType<IMethodSymbol>()
            .Where(m => m.IsStatic && m.Parameters.Length == args.Count && KnownTypes.HasAttribute(m, KnownTypes.DerivativeRuleAttribute)).ToList();
        if (candidates.Count != 1) return null;
        var primitive = candidates[0];
        var rule = RuleResolver.Resolve(primitive, KnownTypes.GetAttribute(primitive, KnownTypes.DerivativeRuleAttribute)!, out _);
        if (rule is null) return null;
        int index = nodes.Count;
        nodes.Add(null!);
        var children = new int[args.Count];
        for (int j = 0; j < args.Count; j++)
        {
            var place = primitive.Parameters[j].Type;
            if (args[j].Arguments is null)
            {
                int p = fused.Parameters.ToList().FindIndex(q => q.Name == args[j].Name);
                if (p < 0 || !SymbolEqualityComparer.Default.Equals(fused.Parameters[p].Type, place) || fused.Parameters[p].RefKind != RefKind.None) return null;
                bound[p] = true;
                children[j] = ~p;
            }
            else
            {
                children[j] = nodes.Count;
                var inner = Add(fused, args[j], nodes, bound);
                if (inner is null || !SymbolEqualityComparer.Default.Equals(inner.ReturnType, place)) return null;
            }
        }
        nodes[index] = new FusionNode(rule.Rule, children.ToEquatableArray());
        return primitive;
    }

    /// <summary>A composition as written: a name, with arguments when it is a call (null for a parameter).</summary>
    private sealed record Call(string Name, List<Call>? Arguments)
    {
        public static Call? Parse(string text)
        {
            int at = 0;
            var call = Next(text, ref at);
            Skip(text, ref at);
            return at == text.Length ? call : null;
        }

        private static Call? Next(string text, ref int at)
        {
            Skip(text, ref at);
            int start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] == '_')) at++;
            if (at == start || char.IsDigit(text[start])) return null;
            string name = text.Substring(start, at - start);
            Skip(text, ref at);
            if (at >= text.Length || text[at] != '(') return new Call(name, null);
            at++;
            var arguments = new List<Call>();
            while (true)
            {
                var argument = Next(text, ref at);
                if (argument is null) return null;
                arguments.Add(argument);
                Skip(text, ref at);
                if (at < text.Length && text[at] == ',') at++;
                else if (at < text.Length && text[at] == ')')
                {
                    at++;
                    return new Call(name, arguments);
                }
                else return null;
            }
        }

        private static void Skip(string text, ref int at)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        }
    }
}
