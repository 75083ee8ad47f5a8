using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Prints the backward pass the planner laid out (<see cref="MethodPlan.Backward"/>): each operation as the
/// C# it stands for, rules under a comment quoting the forward statement and the rule.</summary>
internal static class BackwardEmitter
{
    private const string Accumulate = "global::AutoGradRnn.Adjoints.Accumulate";

    public static void Emit(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly)
    {
        var m = plan.Model;
        var parameters = Signatures.BackwardParameters(m, plan);
        w.Line("/// <summary>The backward pass of " + Signatures.Cref(m) + ": given one adjoint per output, accumulates (+=) the gradient");
        w.Line("/// of every differentiable argument into its adjoint (a null adjoint is skipped).</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static void " + m.Name + "Backward(" + string.Join(", ", parameters) + ")"))
            Print(w, plan, anomaly, plan.Backward);
    }

    private static void Print(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly, EquatableArray<ReverseOp> ops)
    {
        foreach (var op in ops) Print(w, plan, anomaly, op);
    }

    private static void Print(CodeWriter w, MethodPlan plan, AnomalyEmitter anomaly, ReverseOp op)
    {
        var m = plan.Model;
        switch (op)
        {
            case LoadSaved load:
                if (load.Values.Count > 0) w.Line(load.MethodBody ? "// The values the forward pass saved." : "// The values this iteration or branch saved.");
                foreach (var l in load.Values.Concat(load.Containers)) w.Line("var " + l.Local.Text + " = " + l.From.Text + ";");
                if (load.Shapes.Count > 0) w.Line("// Shapes only: the rules below read these values' shapes, not their elements (tensors without storage).");
                foreach (var l in load.Shapes) w.Line("var " + l.Local.Text + " = " + l.From.Text + ";");
                break;
            case DeclareAdjoints declare:
                w.Line();
                w.Line(declare.MethodBody ? "// Adjoints of the intermediate values: zero until the uses of each value add to it."
                    : "// Adjoints of this iteration's or branch's values, from zero.");
                foreach (var d in declare.Adjoints) w.Line((d.Kind == ValueKind.Tensor ? "var " : "double ") + Zero(d));
                if (declare.Discard) w.Line("double " + plan.Discard + " = 0; // receives the adjoints of scalars that need none");
                break;
            case QuoteStatement quote:
                w.Line();
                // A window part's return is the generator's, not a line of the user's: it is named, not quoted.
                w.Line((quote.Statement < 0 ? "// the values " + m.Name + " hands on" : ForwardEmitter.QuoteStatement(m.Statements[quote.Statement])) + quote.Note switch
                {
                    QuoteNote.ReversedLoop => "   (reversed: the last iteration first)",
                    QuoteNote.BranchTaken => "   (the branch the forward pass took)",
                    _ => "",
                });
                if (quote.Note == QuoteNote.Outputs) w.Line("//   each output's adjoint flows into the value returned");
                break;
            case AccumulateAdjoint add:
                w.Line(Add(add));
                break;
            case ApplyRule rule:
            {
                var step = m.Steps[rule.Step];
                var call = rule.Arguments.Select(a => a.Text).ToList();
                w.Line("//   " + plan.NameOf(step.Results[0]) + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  " + RuleFormula.Substitute(step, call));
                w.Line(step.Rule + "(" + string.Join(", ", call) + ");");
                anomaly.AfterRule(w, step);
                break;
            }
            case ApplyCallBackward call:
            {
                var step = m.Steps[call.Step];
                string results = step.Results.Count == 1 ? plan.NameOf(step.Results[0]) : "(" + string.Join(", ", step.Results.Select(plan.NameOf)) + ")";
                w.Line("//   " + results + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  its generated backward");
                w.Line(step.Callee + "Backward(" + string.Join(", ", new[] { call.CalleeTape.Text }.Concat(call.Arguments.Select(a => a.Text))) + ");");
                break;
            }
            case QuoteStep quote:
                w.Line("//   " + plan.NameOf(m.Steps[quote.Step].Results[0]) + " = " + Remarks.Expression(plan, m.Steps[quote.Step]));
                break;
            case ScalarUpdate update:
                w.Line(update.Target.Text + (update.Subtract ? " -= " : " += ") + update.Source.Text
                    + (update.Times is { } times ? " * " + times.Text : "") + (update.DividedBy is { } divisor ? " / " + divisor.Text : "") + ";");
                break;
            case ReverseLoop loop:
                using (w.Block(LoopHeader(plan, loop.Loop)))
                {
                    anomaly.EnterBackward(w, loop.Loop);
                    Print(w, plan, anomaly, loop.Body);
                    AnomalyEmitter.Leave(w);
                }
                break;
            case HandOver hand:
                w.Line();
                w.Line("// The carried values leave this iteration as the next one's start: their adjoints move here and restart at zero.");
                foreach (var c in hand.Carried)
                {
                    if (c.Add is { } add) w.Line(Add(add));
                    w.Line(Zero(c.Restart));
                }
                break;
            case LoopEntry entry:
                w.Line("// before the first iteration: the carried values were the loop's starting values");
                foreach (var add in entry.Flows) w.Line(Add(add));
                break;
            case ReverseBranch branch:
                using (w.Block("if (" + plan.Branches[branch.Branch].Taken.Text + ")")) Print(w, plan, anomaly, branch.Then);
                using (w.Block("else")) Print(w, plan, anomaly, branch.Else);
                break;
            case MergeBack merge:
                if (merge.Comment) w.Line("// The variables this if assigned leave this branch with these values: their adjoints flow back here.");
                foreach (var add in merge.Flows) w.Line(Add(add));
                break;
            default:
                throw new System.InvalidOperationException("no printer for " + op.GetType().Name);
        }
    }

    /// <summary><c>dv = Adjoints.Zeroed(ref tape.dv, v);</c> or <c>dv = 0;</c> (the caller prefixes a declaration).</summary>
    private static string Zero(AdjointDeclaration d) => d.Kind == ValueKind.Tensor
        ? d.Adjoint.Text + " = global::AutoGradRnn.Adjoints.Zeroed(ref " + d.Buffer.Text + ", " + d.Shape.Text + ");"
        : d.Adjoint.Text + " = 0;";

    private static string Add(AccumulateAdjoint add) => add.Kind == ValueKind.Tensor
        ? Accumulate + "(" + add.Target.Text + ", " + add.Source.Text + ");"
        : add.Target.Text + " += " + add.Source.Text + ";";

    private static string LoopHeader(MethodPlan plan, int id)
    {
        var loop = plan.Loops[id];
        string k = loop.Counter;
        return loop.First is not { } first
            ? "for (int " + k + " = " + loop.Trips.Text + " - 1; " + k + " >= 0; " + k + "--)"
            : "for (int " + k + " = " + first.Text + " + " + loop.Trips.Text + " - 1; " + k + " >= " + first.Text + "; " + k + "--)";
    }
}
