using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>
/// The members of a method whose body the generator rejected, with their real signatures and bodies that throw. The
/// build fails on the method's own AGR errors anyway; the placeholders keep its callers, and the generated code of
/// other [Differentiable] methods that call it, compiling, so the errors a user sees are the ones in that method.
/// </summary>
internal static class PlaceholderEmitter
{
    public static void Emit(CodeWriter w, MethodPlan plan)
    {
        var m = plan.Model;
        string tape = plan.Tape;
        string fail = "throw new global::System.InvalidOperationException(\"The AutoGradRnn generator rejected the body of " + m.Name
            + " (see its AGR errors); this member stands in for its generated code until they are fixed.\");";
        w.Line("// " + m.Name + " has errors the generator reported; these members keep its callers compiling and throw if called.");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " sealed class " + Signatures.TapeType(m)))
            w.Line("public " + Signatures.TapeType(m) + "(" + Signatures.TapeType(m) + "? sibling = null) { }");
        w.Line();

        w.Line(GeneratedCode.Attribute);
        var forward = new List<string>();
        if (Signatures.Parameters(m).Length > 0) forward.Add(Signatures.Parameters(m));
        forward.Add(Signatures.TapeType(m) + " " + tape);
        w.Line(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "Forward(" + string.Join(", ", forward) + ") =>");
        w.Line("    " + fail);
        w.Line();

        w.Line(GeneratedCode.Attribute);
        var backward = Signatures.BackwardParameters(m, plan);
        using (w.Block(m.Accessibility + " static void " + m.Name + "Backward(" + string.Join(", ", backward) + ")"))
            w.Line(fail);
        w.Line();

        bool objective = Signatures.IsScalarObjective(m);
        var withGradient = new List<string>();
        if (Signatures.Parameters(m).Length > 0) withGradient.Add(Signatures.Parameters(m));
        if (!objective) withGradient.AddRange(Signatures.OutputAdjointParameters(m, plan));
        withGradient.AddRange(Signatures.InputAdjointParameters(m));
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "WithGradient(" + string.Join(", ", withGradient) + ")"))
            w.Line(fail);
        w.Line();

        var handle = m.Parameters.Select(p => p.Type + " " + p.Identifier)
            .Concat(objective ? Enumerable.Empty<string>() : m.Outputs.Select(o => (o.Kind == ValueKind.Tensor ? Signatures.Tensor : "double") + " projection" + o.Name));
        w.Line(GeneratedCode.Attribute);
        w.Line(m.Accessibility + " static global::AutoGradRnn.IDifferentiableFunction " + m.Name + "Function(" + string.Join(", ", handle) + ") =>");
        w.Line("    " + fail);
    }
}
