using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// A [Differentiable] method named <c>Step</c> in a type that implements <c>IRecurrentCell&lt;itself&gt;</c> is a cell's
/// step: the generator implements the rest of the contract from it. This checks its shape, <c>Step(Weights p, Tensor x,
/// Tensor s1, …)</c> returning the next <c>(s1, …)</c>, and reports AGR021 at the part that differs.
/// </summary>
internal static class CellContractCheck
{
    public const string StepName = "Step";

    public static CellContractModel? Check(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        if (method.Name != StepName) return null;
        var cellName = method.ContainingType.Name;
        if (!KnownTypes.IsRecurrentCell(method.ContainingType))
        {
            // IRecurrentCell<Other>: the contract is never implemented, and C# would only say which members are missing.
            if (KnownTypes.RecurrentCellOfAnother(method.ContainingType) is not { } other) return null;
            // At the type's name, as the other errors of a type's declaration (AGR007).
            var at = syntax.Parent is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : syntax.Identifier.GetLocation();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CellStepShape, at, cellName,
                "it implements " + other.ToDisplayString() + ": a cell implements the contract of itself, IRecurrentCell<" + cellName + ">"));
            return new CellContractModel(KnownTypes.Display(other), "", EquatableArray<string>.Empty, Valid: false);
        }
        var parameters = method.Parameters;
        var self = KnownTypes.Display(method.ContainingType);
        var invalid = new CellContractModel("global::AutoGradRnn.IRecurrentCell<" + self + ">", "", EquatableArray<string>.Empty, Valid: false);
        void Fail(SyntaxNode node, string reason) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CellStepShape, node, cellName, reason));

        if (parameters.Length == 0 || !KnownTypes.IsContainer(parameters[0].Type))
        {
            Fail(parameters.Length == 0 ? syntax.ParameterList : syntax.ParameterList.Parameters[0], "its first parameter is not a [Parameters] class (the cell's weights)");
            return invalid;
        }
        if (parameters.Length < 2 || !KnownTypes.IsTensor(parameters[1].Type))
        {
            Fail(parameters.Length < 2 ? syntax.ParameterList : syntax.ParameterList.Parameters[1], "its second parameter is not the input Tensor");
            return invalid;
        }
        if (parameters.Length < 3)
        {
            Fail(syntax.ParameterList, "it takes no state Tensor after the input");
            return invalid;
        }
        for (int i = 2; i < parameters.Length; i++)
        {
            if (KnownTypes.IsTensor(parameters[i].Type)) continue;
            Fail(syntax.ParameterList.Parameters[i], "its parameter '" + parameters[i].Name + "' is not a state Tensor");
            return invalid;
        }
        int states = parameters.Length - 2;
        var returned = method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
            ? tuple.TupleElements.Select(e => e.Type).ToList()
            : new List<ITypeSymbol> { method.ReturnType };
        if (returned.Count != states || !returned.All(KnownTypes.IsTensor))
        {
            Fail(syntax.ReturnType, "it returns " + method.ReturnType.ToDisplayString() + " for " + states + " state Tensor(s) ("
                + string.Join(", ", parameters.Skip(2).Select(p => p.Name)) + ")");
            return invalid;
        }
        return new CellContractModel("global::AutoGradRnn.IRecurrentCell<" + self + ">", KnownTypes.Display(parameters[0].Type),
            parameters.Skip(2).Select(p => p.Name).ToEquatableArray());
    }
}
