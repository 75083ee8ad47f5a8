using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Generator.Parsing;

internal sealed partial class Lowering
{
    /// <summary>The types whose <c>[Fuses]</c> primitives may apply to this method: those that hold the primitives it
    /// calls and their rules (<see cref="FusionReader"/>).</summary>
    public HashSet<INamedTypeSymbol> FusionSources { get; } = new(SymbolEqualityComparer.Default);

    private void NoteFusionSources(IMethodSymbol primitive, AttributeData ruleAttribute)
    {
        FusionSources.Add(primitive.ContainingType);
        if (ruleAttribute.ConstructorArguments.Length == 2 && ruleAttribute.ConstructorArguments[0].Value is INamedTypeSymbol ruleType) FusionSources.Add(ruleType);
    }
}
