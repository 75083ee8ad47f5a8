using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the forward pass: the method's own computation, flattened, saving into the tape what the backward
/// pass reads (one slot per iteration inside a loop) and reusing the tape's buffers for primitive results.</summary>
internal static class ForwardEmitter
{
    public static void Emit(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly)
    {
        var m = plan.Model;
        string tape = plan.Tape;
        w.Line("/// <summary>The forward pass of " + Signatures.Cref(m) + ": computes its value and saves in <paramref name=\"" + tape + "\"/> what the backward pass reads.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "Forward(" + Join(Signatures.Parameters(m), Signatures.TapeType(m) + " " + tape) + ")"))
        {
            if (plan.Returned.Length > 0)
            {
                w.Line("// An argument this tape returned before lives in a buffer this pass overwrites: it is copied first.");
                for (int i = 0; i < m.Parameters.Count; i++)
                {
                    var p = m.Parameters[i];
                    if (p.Kind == ValueKind.Tensor)
                        w.Line(p.Identifier + " = global::AutoGradRnn.TapeReuse.Keep(" + p.Identifier + ", " + tape + "." + plan.Returned + ", ref " + tape + "." + plan.Kept[i] + ");");
                }
            }
            foreach (var p in m.Parameters.Where(p => p.Kind != ValueKind.Passive)) w.Line(tape + "." + p.Identifier + " = " + p.Identifier + ";");
            var collectors = BackwardEmitter.Collected(plan.Backward).Distinct().ToList();
            if (collectors.Count > 0)
            {
                w.Line("// A new pass: weight-gradient rows a backward pass collected and never added (it was cut short) are dropped.");
                foreach (var c in collectors) w.Line(tape + "." + c.Rows.Text + ".Clear();");
            }
            if (plan.Values.Any(v => v.Buffer?.Tape == plan.Scratch))
                w.Line("var " + plan.Scratch + " = " + tape + "." + plan.Scratch + "; // buffers no backward pass reads, shared with the tapes made from this one");
            var nested = m.Loops.Where(l => l.Parent >= 0).Select(l => plan.Loops[l.Id].Counter).ToList();
            if (nested.Count > 0) w.Line("int " + string.Join(", ", nested.Select(k => k + " = 0")) + "; // iteration counters of the inner loops, over all outer iterations");
            int statement = -1;
            EmitBlock(w, plan, anomaly, 0, ref statement);
        }
    }

    private static void EmitBlock(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly, int block, ref int statement)
    {
        var m = plan.Model;
        foreach (int s in plan.BlockSteps[block])
        {
            var step = m.Steps[s];
            if (step.Kind is StepKind.Else or StepKind.IfEnd or StepKind.LoopEnd)
            {
                if (step.Kind != StepKind.Else) EmitSaves(w, plan, step.Results);
                continue;
            }
            if (step.Statement != statement && step.Statement >= 0)
            {
                statement = step.Statement;
                w.Line();
                w.Line(QuoteStatement(m.Statements[statement]));
            }
            switch (step.Kind)
            {
                case StepKind.LoopBegin:
                    EmitLoop(w, plan, anomaly, m.Loops[step.Structure], step, ref statement);
                    break;
                case StepKind.IfBegin:
                    EmitIf(w, plan, anomaly, m.Branches[step.Structure], step, ref statement);
                    break;
                default:
                    EmitStep(w, plan, s, step);
                    anomaly.AfterForwardStep(w, step);
                    break;
            }
        }
    }

    private static void EmitLoop(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly, LoopModel loop, StepModel begin, ref int statement)
    {
        var m = plan.Model;
        var end = plan.LoopEnd(loop.Id);
        var planned = plan.Loops[loop.Id];
        string k = planned.Counter;
        for (int i = 0; i < begin.Results.Count; i++)
            w.Line((m.Values[begin.Results[i]].Kind == ValueKind.Scalar ? m.Values[begin.Results[i]].Type + " " : "var ") + plan.NameOf(begin.Results[i]) + " = " + plan.NameOf(begin.Arguments[i]) + "; // carried from one iteration to the next");
        if (planned.First is not { } first) w.Line("int " + k + " = 0; // the iteration, indexing what the tape keeps per iteration");
        else w.Line(first.Text + " = " + k + ";");
        string increment = loop.Incrementor.Length > 0 ? Substitute(plan, loop.Incrementor) + ", " + k + "++" : k + "++";
        using (w.Block("for (" + Substitute(plan, loop.Initializer) + "; " + Substitute(plan, loop.Condition) + "; " + increment + ")"))
        {
            anomaly.EnterForward(w, loop);
            EmitSaves(w, plan, begin.Results);
            EmitBlock(w, plan, anomaly, loop.Body, ref statement);
            var moves = Enumerable.Range(0, begin.Results.Count).Where(i => end.Arguments[i].ValueId != begin.Results[i]).ToList();
            if (moves.Count > 0)
            {
                w.Line();
                w.Line("// the carried values move on to the next iteration");
                foreach (int i in moves) w.Line(plan.NameOf(begin.Results[i]) + " = " + plan.NameOf(end.Arguments[i]) + ";");
            }
            AnomalyEmitter.Leave(w);
        }
        w.Line(planned.First is not { } start
            ? planned.Trips.Text + " = " + k + ";"
            : planned.Trips.Text + " = " + k + " - " + start.Text + ";");
        for (int i = 0; i < end.Results.Count; i++)
            w.Line("var " + plan.NameOf(end.Results[i]) + " = " + plan.NameOf(begin.Results[i]) + ";");
    }

    private static void EmitIf(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly, BranchModel branch, StepModel begin, ref int statement)
    {
        var m = plan.Model;
        var end = plan.IfEnd(branch.Id);
        int n = end.Results.Count;
        foreach (var r in end.Results) w.Line(m.Values[r].Type + " " + plan.NameOf(r) + ";");
        var taken = plan.Branches[branch.Id].Taken;
        w.Line("bool " + taken.Field + " = " + taken.Text + " = " + Substitute(plan, begin.Callee) + "; // the branch taken, for the backward pass");
        using (w.Block("if (" + taken.Field + ")"))
        {
            EmitBlock(w, plan, anomaly, branch.Then, ref statement);
            for (int i = 0; i < n; i++) w.Line(plan.NameOf(end.Results[i]) + " = " + plan.NameOf(end.Arguments[i]) + ";");
        }
        using (w.Block("else"))
        {
            EmitBlock(w, plan, anomaly, branch.Else, ref statement);
            for (int i = 0; i < n; i++) w.Line(plan.NameOf(end.Results[i]) + " = " + plan.NameOf(end.Arguments[n + i]) + ";");
        }
    }

    private static void EmitSaves(CodeWriter w, MethodPlan plan, System.Collections.Generic.IEnumerable<int> values)
    {
        foreach (var v in values) if (plan.IsKept(v)) w.Line(plan.Values[v].Slot.Text + " = " + plan.NameOf(v) + ";");
    }

    private static void EmitStep(CodeWriter w, MethodPlan plan, int index, StepModel step)
    {
        var m = plan.Model;
        string Name(int id) => plan.NameOf(id);
        string Save(int id) => plan.IsKept(id) ? plan.Values[id].Slot.Text + " = " : "";
        switch (step.Kind)
        {
            case StepKind.Primitive:
            {
                int r = step.Results[0];
                var value = plan.Values[r];
                string call = value.Buffer is { } buffer
                    ? step.Into + "(" + string.Join(", ", step.Arguments.Select(plan.NameOf).Concat(new[] { buffer.Text })) + ")"
                    : Call(plan, step);
                w.Line("var " + Name(r) + " = " + (value.Buffer is { } into ? into.Text + " = " : Save(r)) + call + ";");
                if (value.Storage == ValueStorage.ShapeOnly)
                    w.Line(value.Slot.Text + " = global::AutoGradRnn.Tensor.ShapeOnly(" + Name(r) + ", " + value.Slot.Text + "); // the rules read only its shape");
                break;
            }
            case StepKind.Call:
            {
                int loop = m.Blocks[step.Block].Loop;
                // Inside a loop each iteration has a callee tape of its own, sharing the first one's scratch.
                string calleeTape = new Slot(plan.Tape, plan.CallTapes[index], plan.Index(loop)).Text
                    + (loop >= 0 ? " ??= new(" + new Slot(plan.Tape, plan.CallTapes[index], "0").Text + ")" : "");
                string call = step.Callee + "Forward(" + Join(string.Join(", ", step.Arguments.Select(plan.NameOf)), calleeTape) + ")";
                if (step.Results.Count == 1) w.Line("var " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + call + ";");
                else
                {
                    w.Line("var (" + string.Join(", ", step.Results.Select(Name)) + ") = " + call + ";");
                    EmitSaves(w, plan, step.Results);
                }
                break;
            }
            case StepKind.ScalarBinary:
                w.Line(m.Values[step.Results[0]].Type + " " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + plan.NameOf(step.Arguments[0]) + " " + step.Callee + " " + plan.NameOf(step.Arguments[1]) + ";");
                break;
            case StepKind.ScalarNegate:
                w.Line(m.Values[step.Results[0]].Type + " " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + "-" + plan.NameOf(step.Arguments[0]) + ";");
                break;
            case StepKind.Copy:
                w.Line("var " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + plan.NameOf(step.Arguments[0]) + ";");
                break;
            case StepKind.Constant:
            {
                var value = m.Values[step.Results[0]];
                w.Line(value.Type + " " + Name(value.Id) + " = " + Save(value.Id) + Substitute(plan, step.Callee) + ";");
                break;
            }
            case StepKind.Passive:
                w.Line(Substitute(plan, step.Callee));
                break;
            case StepKind.Return:
                for (int i = 0; i < step.Arguments.Count; i++)
                {
                    if (m.Outputs[i].Kind == ValueKind.Tensor)
                        w.Line(plan.Tape + "." + plan.Returned + ".Remember(" + plan.NameOf(step.Arguments[i]) + ");");
                }
                w.Line(step.Arguments.Count == 1 && !m.ReturnsTuple
                    ? "return " + plan.NameOf(step.Arguments[0]) + ";"
                    : "return (" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ");");
                break;
        }
    }

    private static string Substitute(MethodPlan plan, string text) => Placeholder.Substitute(text, plan.NameOf);

    /// <summary>The forward expression of a primitive step: operator syntax or a qualified call.</summary>
    public static string Call(MethodPlan plan, StepModel step)
    {
        var args = step.Arguments.Select(plan.NameOf).ToList();
        if (!step.IsOperator) return step.Callee + "(" + string.Join(", ", args) + ")";
        return args.Count == 1 ? step.Callee + args[0] : args[0] + " " + step.Callee + " " + args[1];
    }

    /// <summary>The comment that quotes a source statement above the code it became: <c>// line 16:9: var c = …;</c>
    /// (line and column where it starts: the same in the forward and the backward, so a reader or a tool can pair them).</summary>
    public static string QuoteStatement(StatementModel statement) => "// line " + statement.Position + ": " + statement.Text;

    /// <summary>The forward expression as a comment shows it: the primitive's or called method's simple name.</summary>
    public static string ShortCall(MethodPlan plan, StepModel step) =>
        step.IsOperator ? Call(plan, step) : step.Callee.Substring(step.Callee.LastIndexOf('.') + 1) + "(" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ")";

    private static string Join(string a, string b) => a.Length == 0 ? b : a + ", " + b;
}
