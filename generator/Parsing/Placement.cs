using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>The attributes on declarations the generator does not handle (AGR016): a [Differentiable] local function,
/// lambda, operator, constructor, accessor or finalizer, or a method of a file-local type; a [Parameters] struct, record,
/// interface, static, abstract or file-local class. Reported at the attribute, so the attribute is never silently ignored.</summary>
internal static class Placement
{
    public static ParseResult RejectMethod(GeneratorAttributeSyntaxContext context) =>
        new(null, Reject(context, "Differentiable", "a static method with a body, in a partial type"));

    public static bool IsContainerClass(SyntaxNode node, ISymbol symbol) =>
        node is ClassDeclarationSyntax && symbol is INamedTypeSymbol { IsStatic: false, IsAbstract: false } && !InFileLocalType(symbol);

    /// <summary>True for a file-local type (<c>file class</c>) or a member of one: the generated file declares a type of
    /// its own with that name, so no generated member would reach the user's type.</summary>
    public static bool InFileLocalType(ISymbol symbol)
    {
        for (var type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal) return true;
        }
        return false;
    }

    public static ContainerResult RejectContainer(GeneratorAttributeSyntaxContext context) =>
        new(null, Reject(context, "Parameters", "a partial class that is neither static nor abstract"));

    private static EquatableArray<DiagnosticInfo> Reject(GeneratorAttributeSyntaxContext context, string attribute, string appliesTo)
    {
        var location = context.Attributes.Length > 0 && context.Attributes[0].ApplicationSyntaxReference is { } reference
            ? reference.GetSyntax().GetLocation()
            : context.TargetNode.GetLocation();
        var info = DiagnosticInfo.Create(DiagnosticDescriptors.NotAMethod, location, attribute, Describe(context.TargetNode, context.TargetSymbol), appliesTo);
        return new[] { info }.ToEquatableArray();
    }

    private static string Describe(SyntaxNode node, ISymbol symbol)
    {
        string what = node switch
        {
            LocalFunctionStatementSyntax => "a local function",
            MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null } => "an explicit interface implementation",
            AnonymousFunctionExpressionSyntax => "a lambda",
            OperatorDeclarationSyntax => "an operator",
            ConversionOperatorDeclarationSyntax => "a conversion operator",
            ConstructorDeclarationSyntax => "a constructor",
            DestructorDeclarationSyntax => "a finalizer",
            AccessorDeclarationSyntax => "an accessor",
            PropertyDeclarationSyntax or IndexerDeclarationSyntax => "a property",
            StructDeclarationSyntax => "a struct",
            RecordDeclarationSyntax => "a record",
            InterfaceDeclarationSyntax => "an interface",
            ClassDeclarationSyntax when symbol is INamedTypeSymbol { IsStatic: true } => "a static class",
            ClassDeclarationSyntax when symbol is INamedTypeSymbol { IsAbstract: true } => "an abstract class",
            _ => "this declaration",
        };
        if (node is ClassDeclarationSyntax or MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } && InFileLocalType(symbol))
            what = node is ClassDeclarationSyntax ? "a file-local class" : "a method of a file-local type";
        return symbol.Name.Length > 0 && symbol.Name != "<>" && !symbol.Name.StartsWith(".", System.StringComparison.Ordinal) && symbol.CanBeReferencedByName
            ? what + " ('" + symbol.Name + "')"
            : what;
    }
}
