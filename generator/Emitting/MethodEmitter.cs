using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the file of one [Differentiable] method: tape, forward, backward, the value-and-gradient entry
/// point and the handle the checker and trainer take.</summary>
internal static class MethodEmitter
{
    public static string Emit(MethodPlan plan)
    {
        var m = plan.Model;
        var w = new CodeWriter();
        FileFrame.Open(w, m.Usings.Where(u => !UsingDirectives.IsInNamespace(u)));
        if (m.Namespace.Length > 0)
        {
            w.Line("namespace " + m.Namespace + ";");
            w.Line();
            var inNamespace = m.Usings.Where(UsingDirectives.IsInNamespace).Select(UsingDirectives.Directive).ToList();
            foreach (var u in inNamespace) w.Line(u);
            if (inNamespace.Count > 0) w.Line();
        }
        var closers = m.ContainingTypes.Select(t => w.Block("partial " + t.Keyword + " " + t.Name)).ToList();
        if (m.ContractOnly)
        {
            CellContractEmitter.Emit(w, m);
            for (int i = closers.Count - 1; i >= 0; i--) closers[i].Dispose();
            return w.ToString();
        }
        if (m.IsPlaceholder)
        {
            PlaceholderEmitter.Emit(w, plan);
            if (m.Cell is not null)
            {
                w.Line();
                CellContractEmitter.Emit(w, m);
            }
            for (int i = closers.Count - 1; i >= 0; i--) closers[i].Dispose();
            return w.ToString();
        }
        EmitRemarks(w, plan);
        EmitPasses(w, plan);
        EmitWithGradient(w, plan);
        w.Line();
        HandleEmitter.Emit(w, plan);
        if (plan.Window is { Inputs: { } inputs, Recurrent: { } recurrent })
        {
            w.Line();
            EmitWindowPart(w, inputs, "the part of " + m.Name + " computed from the input and the weights alone, run once over all T·B rows of a window:");
            w.Line();
            EmitWindowPart(w, recurrent, "the rest of " + m.Name + ", run once per step on that step's rows of " + m.Name + "Inputs' values:");
        }
        if (m.Cell is not null)
        {
            w.Line();
            CellContractEmitter.Emit(w, m, plan.Window, plan.WindowProducts.Count > 0);
        }
        for (int i = closers.Count - 1; i >= 0; i--) closers[i].Dispose();
        return w.ToString();
    }

    private static void EmitRemarks(CodeWriter w, MethodPlan plan)
    {
        w.Line("// Reverse-mode derivative of " + plan.Model.Name + ", generated from its forward code. The forward graph:");
        Remarks.Graph(w, plan, 0, "//   ");
        Remarks.Storage(w, plan);
        if (plan.Window is { } window) Remarks.Window(w, plan.Model, window);
        w.Line();
    }

    /// <summary>The tape, the forward pass, the backward pass and the anomaly sites they report.</summary>
    private static void EmitPasses(CodeWriter w, MethodPlan plan)
    {
        EmitTape(w, plan);
        w.Line();
        var anomaly = new AnomalyEmitter(plan);
        ForwardEmitter.Emit(w, plan, anomaly);
        w.Line();
        BackwardEmitter.Emit(w, plan, anomaly);
        w.Line();
        anomaly.EmitSites(w);
    }

    /// <summary>A part of a cell's window form: its graph and tape remarks, its tape and both passes (no entry points:
    /// the cell's contract calls them).</summary>
    private static void EmitWindowPart(CodeWriter w, MethodPlan plan, string what)
    {
        w.Line("// " + plan.Model.Name + ", " + what);
        Remarks.Graph(w, plan, 0, "//   ");
        Remarks.Storage(w, plan);
        w.Line();
        EmitPasses(w, plan);
    }

    private static void EmitTape(CodeWriter w, MethodPlan plan)
    {
        var m = plan.Model;
        const string Buffer = "global::AutoGradRnn.StepBuffer<";
        w.Line("/// <summary>What the forward pass of " + Signatures.Cref(m) + " saves for its backward pass, and the buffers both reuse:");
        w.Line("/// one slot per iteration inside a loop. Reuse a tape for the next call and a warm call allocates nothing.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " sealed class " + Signatures.TapeType(m)))
        {
            string tapeType = Signatures.TapeType(m);
            w.Line("/// <summary>A tape of its own, or (given <paramref name=\"sibling\"/>) one that shares the sibling's scratch: the");
            w.Line("/// buffers no backward pass reads, for the tapes of the steps of one window.</summary>");
            w.Line("public " + tapeType + "(" + tapeType + "? sibling = null) => " + plan.Scratch + " = sibling?." + plan.Scratch + " ?? new();");
            w.Line();
            w.Line("public readonly " + plan.ScratchType + " " + plan.Scratch + ";");
            foreach (var p in m.Parameters.Where(p => p.Kind != ValueKind.Passive)) w.Line("public " + p.Type + " " + p.Identifier + " = default!;");
            foreach (var v in m.Values.Where(v => plan.Values[v.Id].Storage is ValueStorage.Kept or ValueStorage.ShapeOnly && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary))
                w.Line(v.Loop >= 0 ? "public " + Buffer + v.Type + "> " + plan.NameOf(v.Id) + " = new();" : "public " + v.Type + " " + plan.NameOf(v.Id) + " = default!;");
            for (int s = 0; s < m.Steps.Count; s++)
            {
                var step = m.Steps[s];
                if (step.Kind != StepKind.Call) continue;
                string type = step.Callee + "Tape";
                w.Line(m.Blocks[step.Block].Loop >= 0 ? "public " + Buffer + type + "> " + plan.CallTapes[s] + " = new();" : "public " + type + " " + plan.CallTapes[s] + " = new();");
            }
            foreach (var loop in m.Loops)
            {
                if (loop.Parent < 0) w.Line("public int " + plan.Loops[loop.Id].Trips.Field + ";");
                else
                {
                    w.Line("public " + Buffer + "int> " + plan.Loops[loop.Id].First!.Field + " = new();");
                    w.Line("public " + Buffer + "int> " + plan.Loops[loop.Id].Trips.Field + " = new();");
                }
            }
            foreach (var branch in m.Branches)
                w.Line(branch.Loop >= 0 ? "public " + Buffer + "bool> " + plan.Branches[branch.Id].Taken.Field + " = new();" : "public bool " + plan.Branches[branch.Id].Taken.Field + ";");
            if (plan.Returned.Length > 0)
            {
                w.Line("public global::AutoGradRnn.TapeOutputs " + plan.Returned + " = new();");
                foreach (var kept in plan.Kept.Where(k => k.Length > 0)) w.Line("public " + Signatures.Tensor + "? " + kept + ";");
            }
            w.Line();
            w.Line("/// <summary>The buffers of the values no backward pass reads and of the adjoints: written and read within one pass.</summary>");
            using (w.Block("public sealed class " + plan.ScratchType))
            {
                foreach (var v in plan.Values.Where(v => v.Buffer?.Tape == plan.Scratch)) w.Line("public " + Signatures.Tensor + "? " + v.Buffer!.Field + ";");
                foreach (var v in m.Values.Where(v => plan.NeedsAdjoint(v.Id) && v.Kind == ValueKind.Tensor && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary))
                    w.Line("public " + Signatures.Tensor + "? " + plan.Values[v.Id].Adjoint!.Text + ";");
                foreach (var product in BackwardEmitter.Collected(plan.Backward).Distinct())
                    w.Line("public readonly global::AutoGradRnn.WindowProduct " + product.Rows.Field + " = new(); // " + product.Destination.Text + "'s products, collected");
            }
        }
    }

    private static void EmitWithGradient(CodeWriter w, MethodPlan plan)
    {
        var m = plan.Model;
        bool objective = Signatures.IsScalarObjective(m);
        var parameters = new List<string>();
        if (Signatures.Parameters(m).Length > 0) parameters.Add(Signatures.Parameters(m));
        if (!objective) parameters.AddRange(Signatures.OutputAdjointParameters(m, plan));
        parameters.AddRange(Signatures.InputAdjointParameters(m));
        w.Line("/// <summary>Computes " + Signatures.Cref(m) + " and accumulates the gradient of every differentiable argument"
            + (objective ? " (the output's adjoint is 1)" : " for the given output adjoints") + ".</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "WithGradient(" + string.Join(", ", parameters) + ")"))
        {
            string tape = plan.Tape;
            w.Line("var " + tape + " = new " + Signatures.TapeType(m) + "();");
            string args = Signatures.Arguments(m);
            w.Line("var " + plan.ResultLocal + " = " + m.Name + "Forward(" + (args.Length > 0 ? args + ", " : "") + tape + ");");
            var call = new List<string> { tape };
            call.AddRange(objective ? new[] { "1.0" } : plan.OutputAdjoints);
            call.AddRange(Signatures.InputAdjointArguments(m));
            w.Line(m.Name + "Backward(" + string.Join(", ", call) + ");");
            w.Line("return " + plan.ResultLocal + ";");
        }
    }
}
