using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Reads a [Parameters] class: its public settable Tensor fields and properties.</summary>
internal static class ContainerParser
{
    /// <summary>A trainable parameter of a container: a public instance Tensor field, or a public instance Tensor property
    /// with a setter, declared in the class or inherited. Generated code reads exactly these (NamedTensors, ZerosLike,
    /// FromTensors and every [Differentiable] method agree).</summary>
    public static bool IsParameter(ISymbol member) => member switch
    {
        IFieldSymbol f => !f.IsStatic && !f.IsImplicitlyDeclared && f.DeclaredAccessibility == Accessibility.Public && KnownTypes.IsTensor(f.Type),
        IPropertySymbol p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && p.SetMethod is not null && KnownTypes.IsTensor(p.Type),
        _ => false,
    };

    /// <summary>The class's members and then those it inherits (base classes' first, so a base's parameters come first),
    /// skipping members a derived class hides.</summary>
    private static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType) chain.Insert(0, t);
        var kept = new Dictionary<string, ISymbol>(System.StringComparer.Ordinal);
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var member in chain[i].GetMembers())
            {
                if (member is IFieldSymbol or IPropertySymbol && !kept.ContainsKey(member.Name)) kept[member.Name] = member;
            }
        }
        return chain.SelectMany(t => t.GetMembers()).Where(m => kept.TryGetValue(m.Name, out var k) && SymbolEqualityComparer.Default.Equals(k, m));
    }

    public static ContainerResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        var types = new List<TypeDeclarationModel>();
        for (TypeDeclarationSyntax? t = syntax; t is not null; t = t.Parent as TypeDeclarationSyntax)
        {
            if (!t.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, t.Identifier.GetLocation(), t.Identifier.Text, type.Name));
            types.Insert(0, new TypeDeclarationModel(t.Keyword.Text, t.Identifier.Text + (t.TypeParameterList?.ToString() ?? "")));
        }
        var members = new List<string>();
        foreach (var member in AllMembers(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsParameter(member)) members.Add(member.Name);
            // A public readonly Tensor field is a parameter the generated ZerosLike and FromTensors could not set.
            if (member is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false, DeclaredAccessibility: Accessibility.Public, IsReadOnly: true } readOnly && KnownTypes.IsTensor(readOnly.Type))
            {
                // An inherited one is reported at the class, whose declaration the attribute marks.
                var location = SymbolEqualityComparer.Default.Equals(readOnly.ContainingType, type) ? readOnly.Locations.FirstOrDefault() ?? syntax.Identifier.GetLocation() : syntax.Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainerMemberNotSettable, location, readOnly.Name, "field", type.Name, "it is readonly"));
            }
        }
        foreach (var name in DeclarationCheck.ContainerNames)
        {
            if (type.GetMembers(name).Any(m => !m.IsImplicitlyDeclared))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, syntax.Identifier.GetLocation(), type.Name, name, type.Name, "'" + type.Name + "' already declares '" + name + "'"));
        }
        if (diagnostics.Count > 0) return new ContainerResult(null, diagnostics.ToEquatableArray());
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        string hint = (ns.Length > 0 ? ns + "." : "") + string.Join(".", types.Select(t => MethodParser.HintSegment(t.Name))) + ".Parameters.g.cs";
        return new ContainerResult(new ContainerModel(ns, types.ToEquatableArray(), KnownTypes.Display(type), members.ToEquatableArray(), hint), diagnostics.ToEquatableArray());
    }
}
