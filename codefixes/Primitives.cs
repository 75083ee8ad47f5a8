using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.CodeFixes;

/// <summary>Which methods can be made primitives: a rule following the convention (RuleConvention) carries the
/// gradient of every argument that has one, and the generator calls it with what the convention says.</summary>
internal static class Primitives
{
    /// <summary>A static, non-generic, ordinary method of a class or struct, declared in source, returning a Tensor or
    /// a double and taking only Tensor, double, float and the passive types (no ref, out or in, no container: a rule
    /// has no adjoint for a container, so its gradient would be lost).</summary>
    public static bool CanBePrimitive(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || !method.IsStatic || method.IsGenericMethod || method.IsExtern) return false;
        if (method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type) return false;
        // A rule of a generic type is found through the constructed type of each call; the generator's lookup does not
        // promise that, so no fix is offered there.
        for (var t = type; t is not null; t = t.ContainingType)
            if (t.IsGenericType) return false;
        if (!KnownTypes.IsTensor(method.ReturnType) && method.ReturnType.SpecialType != SpecialType.System_Double) return false;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly) return false;
        bool any = false;
        foreach (var p in method.Parameters)
        {
            if (p.RefKind != RefKind.None) return false;
            var kind = KnownTypes.Classify(p.Type);
            if (kind is ValueKind.Tensor or ValueKind.Scalar) any = true;
            else if (kind == ValueKind.Container || !KnownTypes.IsAllowedPassiveParameter(p.Type)) return false;
        }
        return any;
    }

    public static bool HasRuleOrIsDifferentiable(IMethodSymbol method) =>
        KnownTypes.HasAttribute(method, KnownTypes.DerivativeRuleAttribute) || KnownTypes.HasAttribute(method, KnownTypes.DifferentiableAttribute)
        || (method.PartialDefinitionPart ?? method.PartialImplementationPart) is { } other
            && (KnownTypes.HasAttribute(other, KnownTypes.DerivativeRuleAttribute) || KnownTypes.HasAttribute(other, KnownTypes.DifferentiableAttribute));

    /// <summary>The accessibility of <paramref name="method"/> as modifiers, so that its rule is reachable wherever it is.</summary>
    public static string Accessibility(IMethodSymbol method) => method.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>The method's name with its type: <c>Classifier.Dense</c>.</summary>
    public static string Describe(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;
}
