using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Reads the <c>[Fuses("Outer(Inner(x, i), y)")]</c> declarations of the types a method's primitives come from
/// into <see cref="FusionModel"/>s. A declaration that does not read is not applied; <see cref="Read(IMethodSymbol, AttributeData, out string?)"/>
/// says why, and <see cref="FusionCheck"/> reports that as AGR025 at every declaration in source.</summary>
internal static class FusionReader
{
    /// <summary>The fusions that apply in <paramref name="method"/> (the [Differentiable] method's type): those declared in
    /// its sources that read, whose fused primitive and rule the generated code there can call.</summary>
    public static List<FusionModel> Read(IEnumerable<INamedTypeSymbol> sources, INamedTypeSymbol method, Compilation compilation)
    {
        var fusions = new List<FusionModel>();
        var types = sources.Append(method).Select(t => (INamedTypeSymbol)t.OriginalDefinition).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .OrderBy(t => KnownTypes.Display(t), System.StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var (fused, declaration) in Declarations(type))
            {
                if (Read(fused, declaration, out _) is { } fusion && !fusions.Contains(fusion) && FusionAccess.Callable(fused, method, compilation)) fusions.Add(fusion);
            }
        }
        return fusions;
    }

    /// <summary>The <c>[Fuses]</c> declarations of a type's methods, in the order the fusion pass tries them.</summary>
    public static IEnumerable<(IMethodSymbol Fused, AttributeData Declaration)> Declarations(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().SelectMany(m => Declarations(m).Select(a => (m, a)));

    public static IEnumerable<AttributeData> Declarations(IMethodSymbol method) =>
        method.GetAttributes().Where(a => a.AttributeClass is { } c && KnownTypes.FullName(c) == KnownTypes.FusesAttribute);

    /// <summary>The fusion one declaration makes, or null: with <paramref name="problem"/> saying what is wrong and what was
    /// expected, or with no problem when the attribute itself does not bind (the compiler reports that).</summary>
    public static FusionModel? Read(IMethodSymbol fused, AttributeData declaration, out string? problem)
    {
        problem = null;
        if (declaration.AttributeConstructor is null || declaration.ConstructorArguments.Length != 1) return null;
        var argument = declaration.ConstructorArguments[0];
        if (argument.Kind == TypedConstantKind.Error) return null;
        string name = Describe(fused);
        if (argument.Value is not string composition)
        {
            problem = "the composition is null; write what '" + name + "' computes as a call of primitives of '" + fused.ContainingType.Name
                + "' over its parameters, as \"Sigmoid(Slice(x, index, count))\"";
            return null;
        }
        if (FusedRule(fused, name, out problem) is not { } rule || FusionComposition.Parse(composition, out problem) is not { } root) return null;
        var reading = new Reading(fused, name);
        var rootMethod = reading.Add(root);
        problem = reading.Problem;
        if (rootMethod is null) return null;
        problem = Whole(reading, rootMethod, rule, root);
        if (problem is not null) return null;
        var roles = fused.Parameters.Select(p => KnownTypes.Classify(p.Type) switch
        {
            ValueKind.Tensor => ArgumentRole.Tensor,
            ValueKind.Scalar => ArgumentRole.Scalar,
            ValueKind.Container => ArgumentRole.Container,
            _ => ArgumentRole.Passive,
        });
        return new FusionModel(name, composition, reading.Nodes.ToEquatableArray(), roles.ToEquatableArray(),
            KnownTypes.Display(fused.ContainingType) + "." + fused.Name, rule.Rule, rule.Formula, rule.Parameters.ToEquatableArray(), rule.Into, rule.Shape,
            rule.Reads.ToEquatableArray(), rule.RowOperands.ToEquatableArray(), rule.Product.ToEquatableArray());
    }

    /// <summary>What the fused primitive must be itself: an ordinary static method, not generic, with a rule that resolves.</summary>
    private static ResolvedRule? FusedRule(IMethodSymbol fused, string name, out string? problem)
    {
        const string Expected = "; a fused primitive is an ordinary static method with its own [DerivativeRule], beside the primitives it composes";
        problem = fused.MethodKind != MethodKind.Ordinary ? "'" + name + "' is not an ordinary method (it is a " + fused.MethodKind + ")" + Expected
            : !fused.IsStatic ? "'" + name + "' is not static" + Expected
            : fused.IsGenericMethod ? "'" + name + "' is generic" + Expected
            : GenericContainer(fused) is { } generic ? "'" + name + "' is declared in the generic type '" + generic.ToDisplayString()
                + "'; a fused primitive is declared in a type without type parameters, since the generated code calls it by that type's name"
            : KnownTypes.GetAttribute(fused, KnownTypes.DerivativeRuleAttribute) is null
                ? "'" + name + "' has no [DerivativeRule]; a fused primitive needs its own rule, which the generated backward calls in place of the composition's rules"
            : null;
        if (problem is not null) return null;
        return Rule(fused, out problem);
    }

    /// <summary>The checks on the composition as a whole, once every call in it reads.</summary>
    private static string? Whole(Reading reading, IMethodSymbol rootMethod, ResolvedRule rule, FusionComposition root)
    {
        string name = reading.Name;
        // One call alone would replace every call of a primitive by another.
        if (reading.Nodes.Count < 2)
            return "the composition is one call; it needs a call inside a call, since one call alone would replace every call of '" + Describe(rootMethod) + "' by '" + name + "'";
        if (!SymbolEqualityComparer.Default.Equals(rootMethod.ReturnType, reading.Fused.ReturnType))
            return "'" + root.Text + "' returns '" + rootMethod.ReturnType.ToDisplayString() + "', but '" + name + "' returns '" + reading.Fused.ReturnType.ToDisplayString()
                + "'; a fused primitive returns what its composition returns";
        if (reading.Callees.FirstOrDefault(c => reading.Nodes[c.Node].Rule == rule.Rule) is { Method: { } same })
            return "the composition calls '" + Describe(same) + "', whose derivative rule is the one of '" + name
                + "' itself; a fused primitive replaces a composition of other primitives";
        if (FusionAccess.Narrower(reading.Fused, rule, reading.Callees.Select(c => c.Method)) is { } access) return access;
        int unbound = System.Array.IndexOf(reading.Bound, false);
        if (unbound >= 0)
            return "parameter '" + reading.Fused.Parameters[unbound].Name + "' of '" + name
                + "' does not appear in the composition; each parameter fills a place in it, so that the fused call has all its arguments";
        return null;
    }

    private static INamedTypeSymbol? GenericContainer(IMethodSymbol method)
    {
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType) return t;
        }
        return null;
    }

    private static ResolvedRule? Rule(IMethodSymbol primitive, out string? problem)
    {
        var rule = RuleResolver.Resolve(primitive, KnownTypes.GetAttribute(primitive, KnownTypes.DerivativeRuleAttribute)!, out var resolution);
        problem = resolution is { } p
            ? "the derivative rule of '" + Describe(primitive) + "' does not resolve (" + p.Descriptor.Id + ": "
                + string.Format(System.Globalization.CultureInfo.InvariantCulture, p.Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Arguments) + ")"
            : rule is null ? "the derivative rule of '" + Describe(primitive) + "' does not resolve" : null;
        return rule;
    }

    public static string Describe(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private static string RefWord(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => kind.ToString(),
    };

    /// <summary>The calls of one composition as they are read, in pre-order, and the first thing that does not read.</summary>
    private sealed class Reading(IMethodSymbol fused, string name)
    {
        public IMethodSymbol Fused { get; } = fused;

        public string Name { get; } = name;

        public List<FusionNode> Nodes { get; } = new();

        public List<(int Node, IMethodSymbol Method)> Callees { get; } = new();

        public bool[] Bound { get; } = new bool[fused.Parameters.Length];

        public string? Problem { get; private set; }

        /// <summary>Adds <paramref name="call"/> and its calls to <see cref="Nodes"/> in pre-order; returns the primitive it
        /// names, or null with <see cref="Problem"/> set.</summary>
        public IMethodSymbol? Add(FusionComposition call)
        {
            var args = call.Arguments!;
            if (Primitive(call.Name, args.Count) is not { } primitive) return null;
            var rule = Rule(primitive, out var problem);
            if (rule is null) return Fail(problem!);
            int index = Nodes.Count;
            Nodes.Add(null!);
            Callees.Add((index, primitive));
            var children = new int[args.Count];
            for (int j = 0; j < args.Count; j++)
            {
                var place = primitive.Parameters[j].Type;
                string where = "argument " + (j + 1) + " of '" + call.Name + "' takes '" + place.ToDisplayString() + "'";
                if (args[j].Arguments is null)
                {
                    int p = Fused.Parameters.ToList().FindIndex(q => q.Name == args[j].Name);
                    if (p < 0)
                        return Fail("'" + args[j].Name + "' is not a parameter of '" + Name + "' (" + string.Join(", ", Fused.Parameters.Select(q => q.Name))
                            + "); an argument is one of its parameter names or a call of a primitive");
                    var parameter = Fused.Parameters[p];
                    if (parameter.RefKind != RefKind.None)
                        return Fail("parameter '" + parameter.Name + "' of '" + Name + "' is passed by " + RefWord(parameter.RefKind)
                            + "; a fused primitive takes its arguments by value, as the primitives it composes");
                    if (!SymbolEqualityComparer.Default.Equals(parameter.Type, place))
                        return Fail("parameter '" + parameter.Name + "' of '" + Name + "' is '" + parameter.Type.ToDisplayString() + "', but " + where);
                    Bound[p] = true;
                    children[j] = ~p;
                }
                else
                {
                    children[j] = Nodes.Count;
                    if (Add(args[j]) is not { } inner) return null;
                    if (!SymbolEqualityComparer.Default.Equals(inner.ReturnType, place))
                        return Fail("'" + args[j].Text + "' returns '" + inner.ReturnType.ToDisplayString() + "', but " + where);
                }
            }
            Nodes[index] = new FusionNode(rule.Rule, children.ToEquatableArray());
            return primitive;
        }

        /// <summary>The one primitive of the fused primitive's type with this name and this many parameters.</summary>
        private IMethodSymbol? Primitive(string callee, int count)
        {
            var type = Fused.ContainingType;
            var methods = type.GetMembers(callee).OfType<IMethodSymbol>().ToList();
            if (methods.Count == 0)
                return Fail("'" + callee + "' is not a method of '" + type.Name + "'; a composition calls primitives of the fused primitive's own type by their simple names");
            var primitives = methods.Where(m => m.IsStatic && KnownTypes.HasAttribute(m, KnownTypes.DerivativeRuleAttribute)).ToList();
            if (primitives.Count == 0)
                return Fail("'" + type.Name + "." + callee + "' is not a primitive; a composition calls static methods with a [DerivativeRule]");
            var fitting = primitives.Where(m => m.Parameters.Length == count).ToList();
            if (fitting.Count == 0)
                return Fail("'" + callee + "' is called with " + count + " argument" + (count == 1 ? "" : "s") + ", but the primitive '" + type.Name + "." + callee + "' takes "
                    + string.Join(" or ", primitives.Select(m => m.Parameters.Length).Distinct().OrderBy(n => n)));
            if (fitting.Count > 1)
                return Fail("'" + type.Name + "." + callee + "' has " + fitting.Count + " primitives of " + count + " parameters; a composition's call must name exactly one");
            return fitting[0];
        }

        private IMethodSymbol? Fail(string problem)
        {
            Problem ??= problem;
            return null;
        }
    }
}
