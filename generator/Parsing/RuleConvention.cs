using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>One parameter a derivative rule must have. <see cref="Type"/> is exact unless <see cref="AnyTensor"/> (a
/// Tensor adjoint, nullable or not) or <see cref="AnyScalar"/> (a <c>ref double</c> adjoint) is set.</summary>
internal sealed record RuleParameter(ITypeSymbol? Type, string Display, string Name, RefKind RefKind, bool AnyTensor, bool AnyScalar);

/// <summary>The parameters of a primitive's derivative rule, in order: every parameter of the primitive, its result
/// <c>y</c>, the result's adjoint <c>dy</c>, then one adjoint per differentiable parameter (<c>Tensor?</c> for a
/// Tensor, <c>ref double</c> for a double or float). The generator checks rules against it (AGR008); the code fix
/// that adds a rule writes it (codefixes/, which links this file).</summary>
internal static class RuleConvention
{
    public static List<RuleParameter> Expected(IMethodSymbol primitive)
    {
        var list = new List<RuleParameter>();
        foreach (var p in primitive.Parameters)
            list.Add(new RuleParameter(p.Type, p.Type.ToDisplayString(), p.Name, RefKind.None, false, false));
        var result = primitive.ReturnType;
        list.Add(new RuleParameter(result, result.ToDisplayString(), "y", RefKind.None, false, false));
        list.Add(new RuleParameter(result, result.ToDisplayString(), "dy", RefKind.None, false, false));
        foreach (var p in primitive.Parameters)
        {
            switch (KnownTypes.Classify(p.Type))
            {
                case ValueKind.Tensor:
                    list.Add(new RuleParameter(null, "Tensor?", "d" + p.Name, RefKind.None, true, false));
                    break;
                case ValueKind.Scalar:
                    list.Add(new RuleParameter(null, "double", "d" + p.Name, RefKind.Ref, false, true));
                    break;
            }
        }
        return list;
    }
}
