using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>AGR020: a [Differentiable] method reads its state from its arguments, never from a static field that can
/// change (one that is neither const nor readonly). Writes to such a field are AGR001 where they stand.</summary>
internal static class StaticState
{
    public static void Check(IOperation body, List<DiagnosticInfo> diagnostics)
    {
        foreach (var node in body.DescendantsAndSelf())
        {
            if (node is not IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: false, IsConst: false } field }) continue;
            if (IsWritten(node) || InsideNameOf(node)) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticStateRead, node.Syntax, field.ContainingType.Name + "." + field.Name));
        }
    }

    private static bool IsWritten(IOperation node) => node.Parent switch
    {
        ISimpleAssignmentOperation a => a.Target == node,
        ICompoundAssignmentOperation c => c.Target == node,
        IIncrementOrDecrementOperation i => i.Target == node,
        _ => false,
    };

    /// <summary>True inside <c>nameof(…)</c>, whose argument is never evaluated.</summary>
    internal static bool InsideNameOf(IOperation node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is INameOfOperation) return true;
        }
        return false;
    }
}
