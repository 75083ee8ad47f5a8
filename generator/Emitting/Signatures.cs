using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>The parameter lists of the generated members, in one place so forward, backward and the entry points agree.</summary>
internal static class Signatures
{
    public const string Tensor = "global::AutoGradRnn.Tensor";

    public static string TapeType(MethodModel m) => m.Name + "Tape";

    /// <summary>The method in a doc comment: a reference, or its name for a window part, which has no method of its own.</summary>
    public static string Cref(MethodModel m) => m.IsWindowPart ? "<c>" + m.Name + "</c>" : "<see cref=\"" + m.Name + "\"/>";

    public static string Parameters(MethodModel m) => string.Join(", ", m.Parameters.Select(p => p.Type + " " + p.Identifier));

    public static string Arguments(MethodModel m) => string.Join(", ", m.Parameters.Select(p => p.Identifier));

    /// <summary>One adjoint per output: <c>Tensor? dH</c> or <c>double dResult</c>.</summary>
    public static IEnumerable<string> OutputAdjointParameters(MethodModel m, MethodPlan plan) =>
        m.Outputs.Select((o, i) => (o.Kind == ValueKind.Tensor ? Tensor + "?" : "double") + " " + plan.OutputAdjoints[i]);

    /// <summary>One adjoint per differentiable parameter: <c>Tensor? dx</c>, <c>ref double ds</c>, <c>Weights? dp</c>.</summary>
    public static IEnumerable<string> InputAdjointParameters(MethodModel m) =>
        m.Parameters.Where(p => p.Kind != ValueKind.Passive).Select(p => p.Kind switch
        {
            ValueKind.Tensor => Tensor + "? " + p.Adjoint,
            ValueKind.Scalar => "ref double " + p.Adjoint,
            _ => p.Type + "? " + p.Adjoint,
        });

    /// <summary>A backward pass's parameters: the tape, one adjoint per output, one per differentiable parameter. The
    /// trailing nullable adjoints default to null, so a caller names the ones it passes
    /// (<c>LossBackward(tape, dLoss: 1.0, dp: gradients)</c>) and cannot put them in the wrong order.</summary>
    public static IReadOnlyList<string> BackwardParameters(MethodModel m, MethodPlan plan)
    {
        var parameters = new List<string> { TapeType(m) + " " + plan.Tape };
        parameters.AddRange(OutputAdjointParameters(m, plan));
        parameters.AddRange(InputAdjointParameters(m));
        for (int i = parameters.Count - 1; i > 0 && parameters[i].Substring(0, parameters[i].LastIndexOf(' ')).EndsWith("?"); i--) parameters[i] += " = null";
        return parameters;
    }

    public static IEnumerable<string> InputAdjointArguments(MethodModel m) =>
        m.Parameters.Where(p => p.Kind != ValueKind.Passive).Select(p => (p.Kind == ValueKind.Scalar ? "ref " : "") + p.Adjoint);

    /// <summary>True when the method returns one double: its gradient entry point seeds the output adjoint with 1.</summary>
    public static bool IsScalarObjective(MethodModel m) => m.Outputs.Count == 1 && m.Outputs[0].Kind == ValueKind.Scalar;
}
