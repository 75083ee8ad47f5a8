using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// What a [Differentiable] method's declaration must be for the generator to emit code for it, by symbol: the
/// parser reports each failure at its span; a caller of the method asks <see cref="Rejection"/> so that it does not
/// emit calls of members that will not exist (AGR018).
/// </summary>
internal static class DeclarationCheck
{
    /// <summary>The members the generated code adds to the type of a method named <paramref name="method"/>.</summary>
    public static IEnumerable<string> GeneratedNames(string method) =>
        new[] { method + "Tape", method + "Forward", method + "Backward", method + "WithGradient", method + "Function", method + "FunctionHandle" };

    /// <summary>The members the generated code adds to a [Parameters] class.</summary>
    public static readonly string[] ContainerNames = { "TensorCount", "NamedTensors", "ZerosLike", "ZeroAll", "FromTensors" };

    public static bool IsSupportedParameter(IParameterSymbol p) =>
        p.RefKind == RefKind.None && (KnownTypes.Classify(p.Type) != ValueKind.Passive || KnownTypes.IsAllowedPassiveParameter(p.Type));

    public static bool IsSupportedOutput(ITypeSymbol type) =>
        KnownTypes.IsTensor(type) || type.SpecialType == SpecialType.System_Double;

    public static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>The method's declaration with its body: the implementation of a partial method.</summary>
    public static MethodDeclarationSyntax? BodySyntax(IMethodSymbol method)
    {
        var part = method.PartialImplementationPart ?? method;
        foreach (var reference in part.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is MethodDeclarationSyntax m && (m.Body is not null || m.ExpressionBody is not null)) return m;
        }
        return null;
    }

    /// <summary>A second [Differentiable] method of the same name in the type (the first in source order keeps the name),
    /// or a member the generated code would add under the same name.</summary>
    public static (string Name, string Reason)? NameClash(IMethodSymbol method)
    {
        var type = method.ContainingType;
        var self = method.PartialDefinitionPart ?? method;
        var overloads = type.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(m => m.PartialDefinitionPart is null && KnownTypes.HasAttribute(m, KnownTypes.DifferentiableAttribute))
            .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        if (overloads.Count > 1 && !SymbolEqualityComparer.Default.Equals(overloads[0], self))
            return (method.Name + "Tape", "another [Differentiable] method named '" + method.Name + "' comes first");
        var names = GeneratedNames(method.Name);
        // A cell's Step also gets the two parts of its window form (docs/bptt.md), whose names and generated names are taken.
        if (method.Name == CellContractCheck.StepName && KnownTypes.IsRecurrentCell(type))
            names = names.Concat(new[] { "Inputs", "Recurrent" }.SelectMany(part => new[] { method.Name + part }.Concat(GeneratedNames(method.Name + part).Take(3))));
        foreach (var name in names)
        {
            if (type.GetMembers(name).Any(m => !m.IsImplicitlyDeclared)) return (name, "'" + type.Name + "' already declares '" + name + "'");
        }
        return null;
    }

    /// <summary>The one symbol of a method, whichever part of a partial method or construction of a generic one is at hand.</summary>
    public static IMethodSymbol Canonical(IMethodSymbol method) => (method.PartialDefinitionPart ?? method).OriginalDefinition;

    /// <summary>True when <paramref name="callee"/>, through calls between [Differentiable] methods of this compilation,
    /// comes back to <paramref name="caller"/>: their tapes would hold each other without end (AGR005).</summary>
    public static bool CallsBack(IMethodSymbol callee, IMethodSymbol caller, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var target = Canonical(caller);
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IMethodSymbol>();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        pending.Push(Canonical(callee));
        while (pending.Count > 0)
        {
            var method = pending.Pop();
            if (!visited.Add(method) || BodySyntax(method) is not { } body) continue;
            if (!models.TryGetValue(body.SyntaxTree, out var model)) models[body.SyntaxTree] = model = compilation.GetSemanticModel(body.SyntaxTree);
            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called
                    || !KnownTypes.HasAttribute(called.OriginalDefinition, KnownTypes.DifferentiableAttribute)) continue;
                var next = Canonical(called);
                if (SymbolEqualityComparer.Default.Equals(next, target)) return true;
                pending.Push(next);
            }
        }
        return false;
    }

    /// <summary>Why the generator emits nothing for this method's declaration, or null when its declaration is fine
    /// (its body may still be rejected; then the generator emits members that throw, so callers still compile).</summary>
    public static string? Rejection(IMethodSymbol method)
    {
        // A method of a referenced assembly was generated when that assembly was built: its members are there or not.
        if (method.DeclaringSyntaxReferences.Length == 0)
            return method.ContainingType.GetMembers(method.Name + "Backward").Any() ? null : "its assembly has no generated " + method.Name + "Backward";
        if (!method.IsStatic) return "it is not static";
        if (method.IsGenericMethod) return "it is generic";
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t)) return "type '" + t.Name + "' is not partial";
        }
        foreach (var p in method.Parameters)
        {
            if (!IsSupportedParameter(p)) return "parameter '" + p.Name + "' has type '" + p.Type.ToDisplayString() + "'";
        }
        if (method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            if (tuple.TupleElements.Any(e => !IsSupportedOutput(e.Type))) return "it returns '" + method.ReturnType.ToDisplayString() + "'";
        }
        else if (!IsSupportedOutput(method.ReturnType)) return "it returns '" + method.ReturnType.ToDisplayString() + "'";
        if (BodySyntax(method) is null) return "it has no body";
        if (NameClash(method) is { } clash) return "the name '" + clash.Name + "' is taken";
        return null;
    }
}
