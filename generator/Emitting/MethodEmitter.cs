using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the file of one [Differentiable] method: tape, forward, backward, the value-and-gradient entry
/// point and the handle the checker and trainer take.</summary>
internal static class MethodEmitter
{
    public static string Emit(MethodModel m)
    {
        var plan = ReversePlan.Create(m);
        var w = new CodeWriter();
        FileFrame.Open(w, m.Usings);
        if (m.Namespace.Length > 0)
        {
            w.Line("namespace " + m.Namespace + ";");
            w.Line();
        }
        var closers = m.ContainingTypes.Select(t => w.Block("partial " + t.Keyword + " " + t.Name)).ToList();
        EmitRemarks(w, plan);
        EmitTape(w, plan);
        w.Line();
        ForwardEmitter.Emit(w, plan);
        w.Line();
        BackwardEmitter.Emit(w, plan);
        w.Line();
        EmitWithGradient(w, plan);
        w.Line();
        HandleEmitter.Emit(w, plan);
        for (int i = closers.Count - 1; i >= 0; i--) closers[i].Dispose();
        return w.ToString();
    }

    private static void EmitRemarks(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        w.Line("// Reverse-mode derivative of " + m.Name + ", generated from its forward code. The forward graph:");
        foreach (var step in m.Steps.Where(s => s.Kind is StepKind.Primitive or StepKind.Call or StepKind.ScalarBinary or StepKind.ScalarNegate))
        {
            string results = string.Join(", ", step.Results.Select(r => plan.Names[r]));
            string what = step.Kind switch
            {
                StepKind.Primitive or StepKind.Call => ForwardEmitter.ShortCall(plan, step),
                StepKind.ScalarNegate => "-" + plan.NameOf(step.Arguments[0]),
                _ => plan.NameOf(step.Arguments[0]) + " " + step.Callee + " " + plan.NameOf(step.Arguments[1]),
            };
            string flag = step.Results.Any(r => plan.NeedsAdjoint(r)) ? "" : "   (no gradient flows back through this)";
            w.Line("//   " + results + " = " + what + flag);
        }
        w.Line();
    }

    private static void EmitTape(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        w.Line("/// <summary>What the forward pass of <see cref=\"" + m.Name + "\"/> saves for its backward pass.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " sealed class " + Signatures.TapeType(m)))
        {
            foreach (var v in m.Values.Where(v => v.Origin != ValueOrigin.ContainerMember))
                w.Line("public " + v.Type + " " + plan.Names[v.Id] + " = default!;");
            for (int s = 0; s < m.Steps.Count; s++)
            {
                if (m.Steps[s].Kind == StepKind.Call)
                    w.Line("public " + m.Steps[s].Callee + "Tape " + plan.CallTapes[s] + " = new();");
            }
        }
    }

    private static void EmitWithGradient(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        bool objective = Signatures.IsScalarObjective(m);
        var parameters = new List<string>();
        if (Signatures.Parameters(m).Length > 0) parameters.Add(Signatures.Parameters(m));
        if (!objective) parameters.AddRange(Signatures.OutputAdjointParameters(m, plan));
        parameters.AddRange(Signatures.InputAdjointParameters(m));
        w.Line("/// <summary>Computes <see cref=\"" + m.Name + "\"/> and accumulates the gradient of every differentiable argument"
            + (objective ? " (the output's adjoint is 1)" : " for the given output adjoints") + ".</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "WithGradient(" + string.Join(", ", parameters) + ")"))
        {
            string tape = plan.TapeParameter;
            w.Line("var " + tape + " = new " + Signatures.TapeType(m) + "();");
            string args = Signatures.Arguments(m);
            w.Line("var result = " + m.Name + "Forward(" + (args.Length > 0 ? args + ", " : "") + tape + ");");
            var call = new List<string> { tape };
            call.AddRange(objective ? new[] { "1.0" } : plan.OutputAdjoints);
            call.AddRange(Signatures.InputAdjointArguments(m));
            w.Line(m.Name + "Backward(" + string.Join(", ", call) + ");");
            w.Line("return result;");
        }
    }
}
