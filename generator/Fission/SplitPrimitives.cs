using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.Generator.Fission;

/// <summary>The runtime primitives the window form's column split writes (<c>ColumnsOf</c>, <c>OtherColumns</c>, <c>Add</c>),
/// read from their [DerivativeRule] in the compilation like any called primitive, and the rules by which the split
/// recognises the runtime's <c>MatVec</c>, <c>Concat</c> and <c>Add</c> in a Step.</summary>
internal static class SplitPrimitives
{
    public const string MatVecRule = "global::AutoGradRnn.Ops.MatVecBackward";
    public const string ConcatRule = "global::AutoGradRnn.Ops.ConcatBackward";
    public const string AddRule = "global::AutoGradRnn.Ops.AddBackward";

    public const string ColumnsOf = "ColumnsOf";
    public const string OtherColumns = "OtherColumns";
    public const string Add = "Add";

    /// <summary>The three primitives as steps without operands (callee, rule and its metadata), or none when the
    /// compilation's runtime lacks one of them.</summary>
    public static EquatableArray<StepModel> Resolve(Compilation compilation)
    {
        var ops = compilation.GetTypeByMetadataName("AutoGradRnn.Ops");
        if (ops is null) return EquatableArray<StepModel>.Empty;
        var found = new List<StepModel>();
        foreach (var (name, parameters) in new[] { (ColumnsOf, 3), (OtherColumns, 3), (Add, 2) })
        {
            var method = ops.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Length == parameters
                && KnownTypes.IsTensor(m.Parameters[0].Type) && KnownTypes.IsTensor(m.Parameters[1].Type) && KnownTypes.IsTensor(m.ReturnType));
            if (method is null || KnownTypes.GetAttribute(method, KnownTypes.DerivativeRuleAttribute) is not { } attribute) return EquatableArray<StepModel>.Empty;
            var rule = RuleResolver.Resolve(method, attribute, out _);
            if (rule is null) return EquatableArray<StepModel>.Empty;
            var roles = method.Parameters.Select(p => KnownTypes.IsTensor(p.Type) ? ArgumentRole.Tensor : ArgumentRole.Passive);
            found.Add(new StepModel(StepKind.Primitive, -1, EquatableArray<int>.Empty, EquatableArray<Operand>.Empty, roles.ToEquatableArray(),
                KnownTypes.Display(ops) + "." + name, false, rule.Rule, rule.Formula, rule.Parameters.ToEquatableArray(), rule.Into, rule.Shape, 0, -1,
                rule.Reads.ToEquatableArray(), rule.RowOperands.ToEquatableArray(), rule.Product.ToEquatableArray()));
        }
        return found.ToEquatableArray();
    }

    /// <summary>The resolved primitive of that name, or null.</summary>
    public static StepModel? Find(EquatableArray<StepModel> primitives, string name) =>
        primitives.FirstOrDefault(p => p.Callee.EndsWith("." + name, System.StringComparison.Ordinal));
}
