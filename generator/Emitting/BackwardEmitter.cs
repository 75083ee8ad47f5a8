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
        string head = m.Accessibility + " static void " + m.Name;
        w.Line("/// <summary>The backward pass of " + Signatures.Cref(m) + ": given one adjoint per output, accumulates (+=) the gradient");
        w.Line("/// of every differentiable argument into its adjoint (a null adjoint is skipped).</summary>");
        w.Line(GeneratedCode.Attribute);
        if (plan.WindowProducts.Count == 0)
        {
            using (w.Block(head + "Backward(" + string.Join(", ", parameters) + ")"))
                Print(w, plan, anomaly, plan.Backward);
            return;
        }
        // Called once per step of a window: the weight gradients' products wait for the window's end.
        var arguments = new List<string> { plan.Tape };
        arguments.AddRange(plan.OutputAdjoints);
        arguments.AddRange(Signatures.InputAdjointArguments(m));
        using (w.Block(head + "Backward(" + string.Join(", ", parameters) + ")"))
        {
            w.Line(m.Name + "BackwardInWindow(" + string.Join(", ", arguments) + ");");
            w.Line(m.Name + "WeightGradients(" + plan.Tape + ");");
        }
        w.Line();
        w.Line("/// <summary>" + m.Name + "Backward for one step of a window: the same, except that the gradient of each weight below is");
        w.Line("/// collected, not added: " + m.Name + "WeightGradients adds what every step of the window collected as one product.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(head + "BackwardInWindow(" + string.Join(", ", parameters) + ")"))
            Print(w, plan, anomaly, plan.Backward);
        w.Line();
        w.Line("/// <summary>Adds the weight gradients " + m.Name + "BackwardInWindow collected on the tapes that share this one's scratch");
        w.Line("/// (the steps of a window), each as one product: dW += [dy₁; …; dy_T]ᵀ · [x₁; …; x_T].</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(head + "WeightGradients(" + Signatures.TapeType(m) + " " + plan.Tape + ")"))
        {
            w.Line("var " + plan.Scratch + " = " + plan.Tape + "." + plan.Scratch + ";");
            foreach (var product in plan.WindowProducts) AddCollected(w, plan.Backward, product, "step");
        }
    }

    /// <summary>The collector's one product, under the sum it adds: <c>dp?.W += Σ dmatVecᵀ · concat</c>, over every step or
    /// iteration that collected it.</summary>
    private static void AddCollected(CodeWriter w, EquatableArray<ReverseOp> ops, CollectedProduct product, string over)
    {
        var terms = Collects(ops).Where(c => c.Product == product).Select(c => c.Left.Text + "ᵀ · " + c.Right.Text).Distinct();
        w.Line("// " + product.Destination.Text + " += Σ " + string.Join(" + Σ ", terms) + ", the sum over every " + over);
        w.Line(product.Rows.Text + ".AddCollected();");
    }

    /// <summary>Every product the backward pass collects (the scratch holds a collector for each).</summary>
    public static IEnumerable<CollectedProduct> Collected(EquatableArray<ReverseOp> ops) => Collects(ops).Select(c => c.Product);

    private static IEnumerable<CollectProduct> Collects(EquatableArray<ReverseOp> ops)
    {
        foreach (var op in ops)
        {
            var inner = op switch
            {
                CollectProduct collect => new[] { collect },
                ReverseLoop loop => Collects(loop.Body),
                ReverseBranch branch => Collects(branch.Then).Concat(Collects(branch.Else)),
                _ => Enumerable.Empty<CollectProduct>(),
            };
            foreach (var c in inner) yield return c;
        }
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
                var quoted = rule.Quoted.Count > 0 ? rule.Quoted.Select(a => a.Text).ToList() : call;
                w.Line("//   " + plan.NameOf(step.Results[0]) + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  " + RuleFormula.Substitute(step, quoted));
                w.Line(step.Rule + "(" + string.Join(", ", call) + ");");
                anomaly.AfterRule(w, step, rule.Collected);
                break;
            }
            case CollectProduct collect:
            {
                var step = m.Steps[collect.Step];
                string weight = plan.NameOf(step.Arguments[step.Product[0]]);
                w.Line("//     but " + collect.Product.Destination.Text + " += " + collect.Left.Text + "ᵀ · " + collect.Right.Text + " is collected, for one product over every "
                    + (plan.WindowProducts.Contains(collect.Product) ? "step of the window" : "iteration") + " (" + weight + " is the same in each)");
                w.Line(collect.Product.Rows.Text + ".Collect(" + collect.Product.Destination.Text + ", " + collect.Left.Text + ", " + collect.Right.Text + ");");
                break;
            }
            case AddCollected add:
                w.Line();
                w.Line("// The weight gradients the loop collected, each added as one product over its iterations.");
                foreach (var product in add.Products) AddCollected(w, plan.Backward, product, "iteration");
                break;
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
