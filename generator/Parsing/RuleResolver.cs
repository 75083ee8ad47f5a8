using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>A primitive's derivative rule, read from the [DerivativeRule] attribute in the called method's metadata.</summary>
/// <param name="Into">The global-qualified destination-passing form, or empty when the attribute names none that fits.</param>
/// <param name="Shape">The result's shape formula with the primitive's parameters written $0, $1, …, or empty.</param>
/// <param name="Reads">Per primitive parameter and then the result: whether the rule reads its value ([RuleReads]); empty when
/// the rule does not say, so it reads everything.</param>
/// <param name="RowOperands">Per primitive parameter: whether the result's rows follow its rows (DerivativeRule.RowWise); empty
/// when the primitive is not row-wise.</param>
/// <param name="Product">DerivativeRule.TransposedProduct as primitive parameter positions: the weight, the left factor and the
/// right factor (−1: the result's adjoint); empty when the rule declares none.</param>
internal sealed record ResolvedRule(string Rule, string Formula, IReadOnlyList<string> Parameters, string Into, string Shape, IReadOnlyList<bool> Reads,
    IReadOnlyList<bool> RowOperands, IReadOnlyList<int> Product);

/// <summary>Finds the rule a [DerivativeRule] attribute names and checks it against the convention:
/// primitive parameters, result, result adjoint, one adjoint per differentiable parameter; returns void.</summary>
internal static class RuleResolver
{
    /// <summary>Returns the rule, or null with <paramref name="problem"/> set (AGR008 or AGR011 arguments).</summary>
    /// <param name="primitive">The primitive's definition (its attributes and parameters).</param>
    /// <param name="callType">The type the call names, when it differs from the definition's: a constructed generic type
    /// (<c>MyOps&lt;float&gt;</c> of <c>MyOps&lt;T&gt;</c>), through which a rule declared beside the primitive is called.</param>
    public static ResolvedRule? Resolve(IMethodSymbol primitive, AttributeData attribute, out (DiagnosticDescriptor Descriptor, string[] Arguments)? problem,
        INamedTypeSymbol? callType = null)
    {
        problem = null;
        INamedTypeSymbol ruleType = primitive.ContainingType;
        string? ruleName = null;
        var args = attribute.ConstructorArguments;
        if (args.Length == 1) ruleName = args[0].Value as string;
        else if (args.Length == 2)
        {
            ruleType = args[0].Value as INamedTypeSymbol ?? ruleType;
            ruleName = args[1].Value as string;
        }
        // Generated code calls a rule of the primitive's own type through the type the call names (its type arguments).
        // typeof(MyOps<>) names the primitive's own generic type: its members are the definition's.
        if (ruleType.IsUnboundGenericType && SymbolEqualityComparer.Default.Equals(ruleType.OriginalDefinition, primitive.ContainingType.OriginalDefinition))
            ruleType = primitive.ContainingType;
        bool besidePrimitive = SymbolEqualityComparer.Default.Equals(ruleType, primitive.ContainingType);
        var shownType = callType is not null && besidePrimitive ? callType : ruleType;
        // A formula is quoted in one-line comments: a multi-line (verbatim) one is joined into one line.
        string formula = Placeholder.OneLine(attribute.NamedArguments.FirstOrDefault(a => a.Key == "Formula").Value.Value as string ?? "");
        string primitiveName = Describe(primitive);
        if (string.IsNullOrEmpty(ruleName))
        {
            problem = (DiagnosticDescriptors.RuleNotFound, new[] { primitiveName, ruleName ?? "", ruleType.ToDisplayString() });
            return null;
        }

        if (ruleType.IsUnboundGenericType)
        {
            // Another open generic type: generated code could not call it without type arguments.
            problem = (DiagnosticDescriptors.RuleNotFound, new[] { primitiveName, ruleName!, ruleType.ToDisplayString() + " (an open generic type: name a constructed one, such as typeof(" + ruleType.Name + "<float>))" });
            return null;
        }
        var candidates = ruleType.GetMembers(ruleName!).OfType<IMethodSymbol>().Where(m => m.IsStatic).ToList();
        if (candidates.Count == 0)
        {
            problem = (DiagnosticDescriptors.RuleNotFound, new[] { primitiveName, ruleName!, ruleType.ToDisplayString() });
            return null;
        }
        var expected = RuleConvention.Expected(primitive);
        foreach (var candidate in candidates)
        {
            if (Matches(candidate, expected))
            {
                string rule = KnownTypes.Display(shownType) + "." + candidate.Name;
                string into = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Into").Value.Value as string ?? "";
                string shape = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Shape").Value.Value as string ?? "";
                if (InvalidShapePart(primitive, shape) is { } invalid)
                {
                    problem = (DiagnosticDescriptors.InvalidShapeFormula, new[] { shape, primitiveName, invalid });
                    return null;
                }
                var reads = Reads(candidate, primitive.Parameters.Length, out var unknown);
                if (unknown is not null)
                {
                    string allowed = string.Join(", ", candidate.Parameters.Take(primitive.Parameters.Length + 1).Select(p => p.Name));
                    problem = (DiagnosticDescriptors.RuleReadsUnknownParameter, new[] { ruleType.Name + "." + candidate.Name, unknown, allowed });
                    return null;
                }
                string rowWise = attribute.NamedArguments.FirstOrDefault(a => a.Key == "RowWise").Value.Value as string ?? "";
                var rows = RowOperands(primitive, rowWise, out var notRow);
                if (notRow is not null)
                {
                    problem = (DiagnosticDescriptors.InvalidRowWise, new[] { rowWise, primitiveName, notRow,
                        string.Join(", ", primitive.Parameters.Where(p => KnownTypes.IsTensor(p.Type)).Select(p => p.Name)) });
                    return null;
                }
                string declared = attribute.NamedArguments.FirstOrDefault(a => a.Key == "TransposedProduct").Value.Value as string ?? "";
                string resultAdjoint = candidate.Parameters[primitive.Parameters.Length + 1].Name;
                var product = TransposedProduct(primitive, declared, resultAdjoint, out var wrong);
                if (wrong is not null)
                {
                    problem = (DiagnosticDescriptors.InvalidTransposedProduct, new[] { declared, primitiveName, wrong, resultAdjoint });
                    return null;
                }
                return new ResolvedRule(rule, formula, candidate.Parameters.Select(p => p.Name).ToList(), FindInto(primitive, ruleType, shownType, into), Positional(primitive, shape), reads, rows,
                    product);
            }
        }
        string signature = string.Join(", ", expected.Select(e => (e.RefKind == RefKind.Ref ? "ref " : "") + e.Display + " " + e.Name));
        problem = (DiagnosticDescriptors.RuleSignatureMismatch, new[] { ruleName!, primitiveName, signature });
        return null;
    }

    /// <summary>What the rule's [RuleReads] says it reads: per primitive parameter and then the result, whether it reads the
    /// value; empty without the attribute (it reads everything). <paramref name="unknown"/> is a name that is none of them.</summary>
    private static IReadOnlyList<bool> Reads(IMethodSymbol rule, int primitiveParameters, out string? unknown)
    {
        unknown = null;
        if (KnownTypes.GetAttribute(rule, KnownTypes.RuleReadsAttribute) is not { } attribute) return new bool[0];
        var names = rule.Parameters.Take(primitiveParameters + 1).Select(p => p.Name).ToList();
        var reads = new bool[names.Count];
        var args = attribute.ConstructorArguments;
        var declared = args.Length == 1 && args[0].Kind == TypedConstantKind.Array ? args[0].Values.Select(v => v.Value as string ?? "") : args.Select(a => a.Value as string ?? "");
        foreach (var name in declared)
        {
            int i = names.IndexOf(name);
            if (i < 0)
            {
                unknown = name;
                return reads;
            }
            reads[i] = true;
        }
        return reads;
    }

    /// <summary>The parameters a RowWise list names, as one flag per primitive parameter (empty for an empty list);
    /// <paramref name="invalid"/> is a name that is not one of the primitive's Tensor parameters.</summary>
    private static IReadOnlyList<bool> RowOperands(IMethodSymbol primitive, string rowWise, out string? invalid)
    {
        invalid = null;
        var names = rowWise.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (names.Count == 0)
        {
            if (rowWise.Trim().Length > 0) invalid = rowWise;
            return new bool[0];
        }
        var rows = new bool[primitive.Parameters.Length];
        foreach (var name in names)
        {
            int i = primitive.Parameters.Select(p => p.Name).ToList().IndexOf(name);
            if (i < 0 || !KnownTypes.IsTensor(primitive.Parameters[i].Type))
            {
                invalid = name;
                return new bool[0];
            }
            rows[i] = true;
        }
        return rows;
    }

    /// <summary>A TransposedProduct declaration "w: a, b" as positions (weight, left, right; −1 for the result's adjoint,
    /// named <paramref name="resultAdjoint"/> in the rule); empty for none. <paramref name="wrong"/> says what is wrong.</summary>
    private static IReadOnlyList<int> TransposedProduct(IMethodSymbol primitive, string declared, string resultAdjoint, out string? wrong)
    {
        wrong = null;
        if (declared.Trim().Length == 0) return new int[0];
        var names = primitive.Parameters.Select(p => p.Name).ToList();
        int Tensor(string name) => names.IndexOf(name) is var i && i >= 0 && KnownTypes.IsTensor(primitive.Parameters[i].Type) ? i : -2;
        var halves = declared.Split(':');
        var factors = halves.Length == 2 ? halves[1].Split(',').Select(f => f.Trim()).ToList() : new List<string>();
        if (halves.Length != 2 || factors.Count != 2)
        {
            wrong = "it is not of the form 'w: a, b'";
            return new int[0];
        }
        string weightName = halves[0].Trim();
        int weight = Tensor(weightName);
        if (weight < 0)
        {
            wrong = "'" + weightName + "' is not a Tensor parameter of the primitive";
            return new int[0];
        }
        var positions = new List<int> { weight };
        foreach (var factor in factors)
        {
            int position = factor == resultAdjoint ? -1 : Tensor(factor);
            if (position == -2 || position == weight)
            {
                wrong = "factor '" + factor + "' is " + (position == weight ? "the weight itself" : "neither a Tensor parameter of the primitive nor the result's adjoint");
                return new int[0];
            }
            positions.Add(position);
        }
        return positions;
    }

    private static readonly System.Text.RegularExpressions.Regex ShapeItem = new(
        @"^\s*(broadcast\(\$\d+(,\s*\$\d+)+\)|\$\d+\[\.\.-1\]|(\$\d+(\[-?\d+\]|\.Length)?|\d+)(\s*[-+*/]\s*(\$\d+(\[-?\d+\]|\.Length)?|\d+))*)\s*$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The first item of a shape formula that the grammar of DerivativeRule.Shape does not allow once its
    /// parameter names are positions (see <see cref="Positional"/>); null when it is valid.</summary>
    private static string? InvalidShapePart(IMethodSymbol primitive, string formula)
    {
        if (formula.Trim().Length == 0) return null;
        int depth = 0, start = 0;
        var items = new List<string>();
        for (int i = 0; i < formula.Length; i++)
        {
            if (formula[i] == '(') depth++;
            else if (formula[i] == ')') depth--;
            else if (formula[i] == ',' && depth == 0)
            {
                items.Add(formula.Substring(start, i - start));
                start = i + 1;
            }
        }
        items.Add(formula.Substring(start));
        return items.FirstOrDefault(item => !ShapeItem.IsMatch(Positional(primitive, item)))?.Trim();
    }

    /// <summary>The shape formula with each parameter name replaced by its position ($0, $1, …).</summary>
    private static string Positional(IMethodSymbol primitive, string formula) =>
        System.Text.RegularExpressions.Regex.Replace(formula, @"\b[A-Za-z_][A-Za-z0-9_]*\b", m =>
        {
            int i = primitive.Parameters.Select(p => p.Name).ToList().IndexOf(m.Value);
            return i >= 0 ? "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : m.Value;
        });

    /// <summary>The destination-passing form: the primitive's parameters and then one Tensor, returning Tensor.
    /// A name that matches no such method is ignored (the allocating form is used).</summary>
    private static string FindInto(IMethodSymbol primitive, INamedTypeSymbol ruleType, INamedTypeSymbol shownType, string name)
    {
        if (name.Length == 0 || !KnownTypes.IsTensor(primitive.ReturnType)) return "";
        foreach (var candidate in ruleType.GetMembers(name).OfType<IMethodSymbol>())
        {
            if (!candidate.IsStatic || candidate.IsGenericMethod || !KnownTypes.IsTensor(candidate.ReturnType)) continue;
            if (candidate.Parameters.Length != primitive.Parameters.Length + 1 || !KnownTypes.IsTensor(candidate.Parameters.Last().Type)) continue;
            bool same = true;
            for (int i = 0; i < primitive.Parameters.Length; i++)
                same &= candidate.Parameters[i].RefKind == RefKind.None && SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, primitive.Parameters[i].Type);
            if (same) return KnownTypes.Display(shownType) + "." + candidate.Name;
        }
        return "";
    }

    private static bool Matches(IMethodSymbol candidate, List<RuleParameter> expected)
    {
        if (!candidate.ReturnsVoid || candidate.Parameters.Length != expected.Count || candidate.IsGenericMethod) return false;
        for (int i = 0; i < expected.Count; i++)
        {
            var actual = candidate.Parameters[i];
            var e = expected[i];
            if (actual.RefKind != e.RefKind) return false;
            bool typeOk = e.AnyTensor ? KnownTypes.IsTensor(actual.Type)
                : e.AnyScalar ? actual.Type.SpecialType == SpecialType.System_Double
                : SymbolEqualityComparer.Default.Equals(actual.Type, e.Type);
            if (!typeOk) return false;
        }
        return true;
    }

    public static string Describe(IMethodSymbol method) =>
        method.MethodKind == MethodKind.UserDefinedOperator
            ? method.ContainingType.Name + "." + method.Name
            : method.ContainingType.Name + "." + method.Name;
}
