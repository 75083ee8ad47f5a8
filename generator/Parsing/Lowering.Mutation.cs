using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// Tensors and arrays the method writes into after making them (a one-hot buffer refilled with Zero/SetAt, ids
/// refilled with Array.Copy, a mask Fill-ed after use). The tape keeps what the backward reads by reference, so a
/// later write would change it behind the backward's back; where such a local is handed to a primitive or a call, the
/// generated forward hands it a copy, which the tape keeps.
/// </summary>
internal sealed partial class Lowering
{
    private HashSet<ISymbol>? _written;

    /// <summary>The locals and arguments of type Tensor or array that the body writes into: the receiver of a call
    /// without a rule that returns nothing or is a known writer, an argument of a call without a rule (Array.Copy,
    /// Array.Fill, a helper), the array or tensor of an element assignment.</summary>
    private static HashSet<ISymbol> WrittenInto(IOperation body)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        void Add(IOperation? target)
        {
            while (target is IConversionOperation c) target = c.Operand;
            var symbol = target switch
            {
                ILocalReferenceOperation l => (ISymbol)l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            if (symbol is not null && IsBuffer(TypeOf(symbol))) written.Add(symbol);
        }
        foreach (var node in body.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation call when !HasRule(call.TargetMethod):
                    if (call.TargetMethod.ReturnsVoid || call.TargetMethod.Name is "Zero" or "Fill" or "SetAt" or "CopyFrom") Add(call.Instance);
                    foreach (var a in call.Arguments) Add(a.Value);
                    break;
                case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation e }:
                    Add(e.ArrayReference);
                    break;
                case ICompoundAssignmentOperation { Target: IArrayElementReferenceOperation e }:
                    Add(e.ArrayReference);
                    break;
                case IIncrementOrDecrementOperation { Target: IArrayElementReferenceOperation e }:
                    Add(e.ArrayReference);
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } p }:
                    Add(p.Instance);
                    break;
            }
        }
        return written;
    }

    private static bool IsBuffer(ITypeSymbol type) => KnownTypes.IsTensor(type) || type is IArrayTypeSymbol;

    private static bool HasRule(IMethodSymbol method) =>
        KnownTypes.HasAttribute(method.OriginalDefinition, KnownTypes.DifferentiableAttribute)
        || KnownTypes.GetAttribute(method.OriginalDefinition, KnownTypes.DerivativeRuleAttribute) is not null;

    /// <summary>A reference to a local or argument the body writes into: its copy, as C# (the tape keeps the copy).</summary>
    private string? CopyOfWritten(IOperation operation)
    {
        var target = operation;
        while (target is IConversionOperation c) target = c.Operand;
        var symbol = target switch
        {
            ILocalReferenceOperation l => (ISymbol)l.Local,
            IParameterReferenceOperation p => p.Parameter,
            _ => null,
        };
        if (symbol is null || _written is null || !_written.Contains(symbol) || KnownTypes.Classify(TypeOf(symbol)) == ValueKind.Tensor && IsVaried(target)) return null;
        string text = Render(target);
        return TypeOf(symbol) is IArrayTypeSymbol array ? "(" + KnownTypes.Display(array) + ")" + text + ".Clone()" : text + ".Clone()";
    }
}
