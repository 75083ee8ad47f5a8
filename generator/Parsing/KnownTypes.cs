using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>How the generator classifies the types it meets, by metadata name only.</summary>
internal static class KnownTypes
{
    public const string Tensor = "AutoGradRnn.Tensor";
    public const string ScalarMath = "AutoGradRnn.ScalarMath";
    public const string DifferentiableAttribute = "AutoGradRnn.DifferentiableAttribute";
    public const string DerivativeRuleAttribute = "AutoGradRnn.DerivativeRuleAttribute";
    public const string RuleReadsAttribute = "AutoGradRnn.RuleReadsAttribute";
    public const string FusesAttribute = "AutoGradRnn.FusesAttribute";
    public const string ParametersAttribute = "AutoGradRnn.ParametersAttribute";
    public const string RecurrentCellInterface = "AutoGradRnn.IRecurrentCell`1";

    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static bool IsTensor(ITypeSymbol? type) => type is INamedTypeSymbol n && FullName(n) == Tensor;

    public static bool IsScalar(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    public static bool IsContainer(ITypeSymbol? type) => type is INamedTypeSymbol n && HasAttribute(n, ParametersAttribute);

    /// <summary>The passive types a [Differentiable] method may take: int, bool and int[].</summary>
    public static bool IsAllowedPassiveParameter(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Boolean
        || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Int32 }
        || type is IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Int32 } };

    public static ValueKind Classify(ITypeSymbol? type) =>
        IsTensor(type) ? ValueKind.Tensor
        : IsScalar(type) ? ValueKind.Scalar
        : IsContainer(type) ? ValueKind.Container
        : ValueKind.Passive;

    /// <summary>True when <paramref name="type"/> implements <c>IRecurrentCell&lt;type&gt;</c>: its <c>Step</c> is a cell's step.</summary>
    public static bool IsRecurrentCell(INamedTypeSymbol type) => RecurrentCellContracts(type).Any(i => Names(i, type));

    /// <summary>An <c>IRecurrentCell&lt;X&gt;</c> the type implements whose X is another type (a cell that names the wrong
    /// one), or null.</summary>
    public static INamedTypeSymbol? RecurrentCellOfAnother(INamedTypeSymbol type) => RecurrentCellContracts(type).FirstOrDefault(i => !Names(i, type));

    private static IEnumerable<INamedTypeSymbol> RecurrentCellContracts(INamedTypeSymbol type) =>
        type.AllInterfaces.Where(i => FullName(i) == RecurrentCellInterface && i.TypeArguments.Length == 1);

    private static bool Names(INamedTypeSymbol contract, INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(contract.TypeArguments[0], type);

    public static bool HasAttribute(ISymbol symbol, string metadataName) => GetAttribute(symbol, metadataName) is not null;

    public static AttributeData? GetAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var a in symbol.GetAttributes())
        {
            if (a.AttributeClass is { } c && FullName(c) == metadataName) return a;
        }
        return null;
    }

    public static string FullName(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        string outer = type.ContainingType is { } c ? FullName(c) + "." : ns;
        return outer + type.MetadataName;
    }
}
