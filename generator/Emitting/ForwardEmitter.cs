using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the forward pass: the method's own computation, flattened, saving into the tape what the backward
/// pass reads (one slot per iteration inside a loop) and reusing the tape's buffers for primitive results.</summary>
internal static class ForwardEmitter
{
    public static void Emit(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        string tape = plan.TapeParameter;
        w.Line("/// <summary>The forward pass of <see cref=\"" + m.Name + "\"/>: computes its value and saves in <paramref name=\"" + tape + "\"/> what the backward pass reads.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "Forward(" + Join(Signatures.Parameters(m), Signatures.TapeType(m) + " " + tape) + ")"))
        {
            if (plan.Returned.Length > 0)
            {
                w.Line("// An argument this tape returned before lives in a buffer this pass overwrites: it is copied first.");
                foreach (var p in m.Parameters.Where(p => p.Kind == ValueKind.Tensor))
                    w.Line(p.Identifier + " = global::AutoGradRnn.TapeReuse.Keep(" + p.Identifier + ", " + tape + "." + plan.Returned + ", ref " + tape + "." + plan.Kept[p.Name] + ");");
            }
            foreach (var p in m.Parameters.Where(p => p.Kind != ValueKind.Passive)) w.Line(tape + "." + p.Identifier + " = " + p.Identifier + ";");
            var nested = m.Loops.Where(l => l.Parent >= 0).Select(l => plan.Counters[l.Id]).ToList();
            if (nested.Count > 0) w.Line("int " + string.Join(", ", nested.Select(k => k + " = 0")) + "; // iteration counters of the inner loops, over all outer iterations");
            int statement = -1;
            EmitBlock(w, plan, 0, ref statement);
        }
    }

    private static void EmitBlock(CodeWriter w, ReversePlan plan, int block, ref int statement)
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
                    EmitLoop(w, plan, m.Loops[step.Structure], step, ref statement);
                    break;
                case StepKind.IfBegin:
                    EmitIf(w, plan, m.Branches[step.Structure], step, ref statement);
                    break;
                default:
                    EmitStep(w, plan, s, step);
                    break;
            }
        }
    }

    private static void EmitLoop(CodeWriter w, ReversePlan plan, LoopModel loop, StepModel begin, ref int statement)
    {
        var m = plan.Model;
        var end = plan.LoopEnd(loop.Id);
        string tape = plan.TapeParameter, k = plan.Counters[loop.Id];
        for (int i = 0; i < begin.Results.Count; i++)
            w.Line((m.Values[begin.Results[i]].Kind == ValueKind.Scalar ? m.Values[begin.Results[i]].Type + " " : "var ") + plan.Names[begin.Results[i]] + " = " + plan.NameOf(begin.Arguments[i]) + "; // carried from one iteration to the next");
        if (loop.Parent < 0) w.Line("int " + k + " = 0; // the iteration, indexing what the tape keeps per iteration");
        else w.Line(tape + "." + plan.Firsts[loop.Id] + plan.Index(loop.Parent) + " = " + k + ";");
        string increment = loop.Incrementor.Length > 0 ? Substitute(plan, loop.Incrementor) + ", " + k + "++" : k + "++";
        using (w.Block("for (" + Substitute(plan, loop.Initializer) + "; " + Substitute(plan, loop.Condition) + "; " + increment + ")"))
        {
            EmitSaves(w, plan, begin.Results);
            EmitBlock(w, plan, loop.Body, ref statement);
            var moves = Enumerable.Range(0, begin.Results.Count).Where(i => end.Arguments[i].ValueId != begin.Results[i]).ToList();
            if (moves.Count > 0)
            {
                w.Line();
                w.Line("// the carried values move on to the next iteration");
                foreach (int i in moves) w.Line(plan.Names[begin.Results[i]] + " = " + plan.NameOf(end.Arguments[i]) + ";");
            }
        }
        w.Line(loop.Parent < 0
            ? tape + "." + plan.Trips[loop.Id] + " = " + k + ";"
            : tape + "." + plan.Trips[loop.Id] + plan.Index(loop.Parent) + " = " + k + " - " + tape + "." + plan.Firsts[loop.Id] + plan.Index(loop.Parent) + ";");
        for (int i = 0; i < end.Results.Count; i++)
            w.Line("var " + plan.Names[end.Results[i]] + " = " + plan.Names[begin.Results[i]] + ";");
    }

    private static void EmitIf(CodeWriter w, ReversePlan plan, BranchModel branch, StepModel begin, ref int statement)
    {
        var m = plan.Model;
        var end = plan.IfEnd(branch.Id);
        int n = end.Results.Count;
        foreach (var r in end.Results) w.Line(m.Values[r].Type + " " + plan.Names[r] + ";");
        string taken = plan.Taken[branch.Id];
        w.Line("bool " + taken + " = " + plan.TapeParameter + "." + taken + plan.Index(branch.Loop) + " = " + Substitute(plan, begin.Callee) + "; // the branch taken, for the backward pass");
        using (w.Block("if (" + taken + ")"))
        {
            EmitBlock(w, plan, branch.Then, ref statement);
            for (int i = 0; i < n; i++) w.Line(plan.Names[end.Results[i]] + " = " + plan.NameOf(end.Arguments[i]) + ";");
        }
        using (w.Block("else"))
        {
            EmitBlock(w, plan, branch.Else, ref statement);
            for (int i = 0; i < n; i++) w.Line(plan.Names[end.Results[i]] + " = " + plan.NameOf(end.Arguments[n + i]) + ";");
        }
    }

    private static void EmitSaves(CodeWriter w, ReversePlan plan, System.Collections.Generic.IEnumerable<int> values)
    {
        foreach (var v in values) if (plan.Saved[v]) w.Line(plan.Slot(v) + " = " + plan.Names[v] + ";");
    }

    private static void EmitStep(CodeWriter w, ReversePlan plan, int index, StepModel step)
    {
        var m = plan.Model;
        string Name(int id) => plan.Names[id];
        string Save(int id) => plan.Saved[id] ? plan.Slot(id) + " = " : "";
        switch (step.Kind)
        {
            case StepKind.Primitive:
            {
                int r = step.Results[0];
                string call = step.Into.Length > 0 && plan.Saved[r]
                    ? step.Into + "(" + string.Join(", ", step.Arguments.Select(plan.NameOf).Concat(new[] { plan.Slot(r) })) + ")"
                    : Call(plan, step);
                w.Line("var " + Name(r) + " = " + Save(r) + call + ";");
                break;
            }
            case StepKind.Call:
            {
                int loop = m.Blocks[step.Block].Loop;
                string calleeTape = plan.TapeParameter + "." + plan.CallTapes[index] + plan.Index(loop) + (loop >= 0 ? " ??= new()" : "");
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
                        w.Line(plan.TapeParameter + "." + plan.Returned + ".Remember(" + plan.NameOf(step.Arguments[i]) + ");");
                }
                w.Line(step.Arguments.Count == 1 && !m.ReturnsTuple
                    ? "return " + plan.NameOf(step.Arguments[0]) + ";"
                    : "return (" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ");");
                break;
        }
    }

    private static string Substitute(ReversePlan plan, string text) => Placeholder.Substitute(text, id => plan.Names[id]);

    /// <summary>The forward expression of a primitive step: operator syntax or a qualified call.</summary>
    public static string Call(ReversePlan plan, StepModel step)
    {
        var args = step.Arguments.Select(plan.NameOf).ToList();
        if (!step.IsOperator) return step.Callee + "(" + string.Join(", ", args) + ")";
        return args.Count == 1 ? step.Callee + args[0] : args[0] + " " + step.Callee + " " + args[1];
    }

    /// <summary>The comment that quotes a source statement above the code it became: <c>// line 16:9: var c = …;</c>
    /// (line and column where it starts: the same in the forward and the backward, so a reader or a tool can pair them).</summary>
    public static string QuoteStatement(StatementModel statement) => "// line " + statement.Position + ": " + statement.Text;

    /// <summary>The forward expression as a comment shows it: the primitive's or called method's simple name.</summary>
    public static string ShortCall(ReversePlan plan, StepModel step) =>
        step.IsOperator ? Call(plan, step) : step.Callee.Substring(step.Callee.LastIndexOf('.') + 1) + "(" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ")";

    private static string Join(string a, string b) => a.Length == 0 ? b : a + ", " + b;
}
