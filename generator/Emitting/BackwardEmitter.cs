using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the backward pass: the forward's active steps in reverse, each applying its rule to
/// accumulate adjoints, under a comment quoting the forward statement and the rule.</summary>
internal static class BackwardEmitter
{
    private static readonly Regex Identifier = new(@"\b[A-Za-z_][A-Za-z0-9_]*\b", RegexOptions.CultureInvariant);

    public static void Emit(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        string tape = plan.TapeParameter;
        var parameters = new List<string> { Signatures.TapeType(m) + " " + tape };
        parameters.AddRange(Signatures.OutputAdjointParameters(m, plan));
        parameters.AddRange(Signatures.InputAdjointParameters(m));
        w.Line("/// <summary>The backward pass of <see cref=\"" + m.Name + "\"/>: given one adjoint per output, accumulates (+=) the gradient");
        w.Line("/// of every differentiable argument into its adjoint (a null adjoint is skipped).</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static void " + m.Name + "Backward(" + string.Join(", ", parameters) + ")"))
        {
            var steps = Enumerable.Range(0, m.Steps.Count).Where(s => plan.ActiveSteps[s]).ToList();
            var read = new SortedSet<int>();
            foreach (var s in steps)
            {
                foreach (var a in m.Steps[s].Arguments.Where(a => a.IsValue)) read.Add(a.ValueId);
                foreach (var r in m.Steps[s].Results) read.Add(r);
            }
            var containers = new SortedSet<string>(System.StringComparer.Ordinal);
            w.Line("// The values the forward pass saved.");
            foreach (var id in read)
            {
                var v = m.Values[id];
                if (v.Origin == ValueOrigin.ContainerMember) containers.Add(v.Expression.Substring(0, v.Expression.IndexOf('.')));
                else w.Line("var " + plan.Names[id] + " = " + tape + "." + plan.Names[id] + ";");
            }
            foreach (var c in containers) if (!read.Any(id => plan.Names[id] == c)) w.Line("var " + c + " = " + tape + "." + c + ";");

            var locals = m.Values.Where(v => plan.NeedsAdjoint(v.Id) && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary).ToList();
            bool needsDiscard = steps.Any(s => NeedsDiscard(plan, m.Steps[s]));
            if (locals.Count > 0 || needsDiscard)
            {
                w.Line();
                w.Line("// Adjoints of the intermediate values: zero until the uses of each value add to it.");
                foreach (var v in locals)
                {
                    w.Line(v.Kind == ValueKind.Tensor
                        ? "var " + plan.Adjoints[v.Id] + " = " + Signatures.Tensor + ".ZerosLike(" + plan.Names[v.Id] + ");"
                        : "double " + plan.Adjoints[v.Id] + " = 0;");
                }
                if (needsDiscard) w.Line("double " + plan.Discard + " = 0; // receives the adjoints of scalars that need none");
            }

            int statement = EmitOutputs(w, plan);
            foreach (var s in Enumerable.Reverse(steps))
            {
                var step = m.Steps[s];
                if (step.Statement != statement)
                {
                    statement = step.Statement;
                    w.Line();
                    w.Line(ForwardEmitter.QuoteStatement(m.Statements[statement]));
                }
                EmitStep(w, plan, s, step, tape);
            }
        }
    }

    /// <summary>Seeds the adjoints of the returned values; returns the statement it quoted (−1 when none).</summary>
    private static int EmitOutputs(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        var ret = m.Steps.LastOrDefault(s => s.Kind == StepKind.Return);
        if (ret is null) return -1;
        w.Line();
        w.Line(ForwardEmitter.QuoteStatement(m.Statements[ret.Statement]));
        w.Line("//   each output's adjoint flows into the value returned");
        for (int k = 0; k < ret.Arguments.Count; k++)
        {
            var operand = ret.Arguments[k];
            if (!plan.NeedsAdjoint(operand.ValueId)) continue;
            string adjoint = plan.Adjoints[operand.ValueId]!;
            w.Line(m.Outputs[k].Kind == ValueKind.Tensor
                ? "global::AutoGradRnn.Adjoints.Accumulate(" + adjoint + ", " + plan.OutputAdjoints[k] + ");"
                : adjoint + " += " + plan.OutputAdjoints[k] + ";");
        }
        return ret.Statement;
    }

    private static bool NeedsDiscard(ReversePlan plan, StepModel step) =>
        step.Kind is StepKind.Primitive or StepKind.Call
        && step.Arguments.Where((a, i) => step.Roles[i] == ArgumentRole.Scalar && !plan.NeedsAdjoint(a.ValueId)).Any();

    private static void EmitStep(CodeWriter w, ReversePlan plan, int index, StepModel step, string tape)
    {
        string Adj(Operand o) => plan.NeedsAdjoint(o.ValueId) ? plan.Adjoints[o.ValueId]! : "";
        string Name(int id) => plan.Names[id];
        switch (step.Kind)
        {
            case StepKind.Primitive:
            {
                var result = step.Results[0];
                var call = new List<string>(step.Arguments.Select(plan.NameOf)) { Name(result), plan.Adjoints[result]! };
                call.AddRange(InputAdjoints(plan, step));
                w.Line("//   " + Name(result) + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  " + Formula(step, call));
                w.Line(step.Rule + "(" + string.Join(", ", call) + ");");
                break;
            }
            case StepKind.Call:
            {
                var call = new List<string> { tape + "." + plan.CallTapes[index] };
                foreach (var r in step.Results)
                    call.Add(plan.NeedsAdjoint(r) ? plan.Adjoints[r]! : plan.Model.Values[r].Kind == ValueKind.Tensor ? "null" : "0");
                call.AddRange(InputAdjoints(plan, step));
                string results = step.Results.Count == 1 ? Name(step.Results[0]) : "(" + string.Join(", ", step.Results.Select(Name)) + ")";
                w.Line("//   " + results + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  its generated backward");
                w.Line(step.Callee + "Backward(" + string.Join(", ", call) + ");");
                break;
            }
            case StepKind.ScalarBinary:
            {
                var z = step.Results[0];
                string dz = plan.Adjoints[z]!;
                string a = plan.NameOf(step.Arguments[0]), b = plan.NameOf(step.Arguments[1]);
                string da = Adj(step.Arguments[0]), db = Adj(step.Arguments[1]);
                w.Line("//   " + Name(z) + " = " + a + " " + step.Callee + " " + b);
                switch (step.Callee)
                {
                    case "+":
                        if (da.Length > 0) w.Line(da + " += " + dz + ";");
                        if (db.Length > 0) w.Line(db + " += " + dz + ";");
                        break;
                    case "-":
                        if (da.Length > 0) w.Line(da + " += " + dz + ";");
                        if (db.Length > 0) w.Line(db + " -= " + dz + ";");
                        break;
                    case "*":
                        if (da.Length > 0) w.Line(da + " += " + dz + " * " + b + ";");
                        if (db.Length > 0) w.Line(db + " += " + dz + " * " + a + ";");
                        break;
                    case "/":
                        if (da.Length > 0) w.Line(da + " += " + dz + " / " + b + ";");
                        if (db.Length > 0) w.Line(db + " -= " + dz + " * " + Name(z) + " / " + b + ";");
                        break;
                }
                break;
            }
            case StepKind.ScalarNegate:
            {
                string da = Adj(step.Arguments[0]);
                w.Line("//   " + Name(step.Results[0]) + " = -" + plan.NameOf(step.Arguments[0]));
                if (da.Length > 0) w.Line(da + " -= " + plan.Adjoints[step.Results[0]] + ";");
                break;
            }
        }
    }

    /// <summary>The adjoint arguments of a rule or a generated backward, one per differentiable parameter.</summary>
    private static IEnumerable<string> InputAdjoints(ReversePlan plan, StepModel step)
    {
        for (int i = 0; i < step.Arguments.Count; i++)
        {
            var operand = step.Arguments[i];
            bool needs = plan.NeedsAdjoint(operand.ValueId);
            switch (step.Roles[i])
            {
                case ArgumentRole.Tensor:
                    yield return needs ? plan.Adjoints[operand.ValueId]! : "null";
                    break;
                case ArgumentRole.Scalar:
                    yield return "ref " + (needs ? plan.Adjoints[operand.ValueId]! : plan.Discard);
                    break;
                case ArgumentRole.Container:
                    yield return needs || plan.Model.Parameters.Any(p => p.ValueId == operand.ValueId) ? "d" + plan.NameOf(operand) : "null";
                    break;
            }
        }
    }

    /// <summary>The rule's formula with its parameter names replaced by the names at this call.</summary>
    private static string Formula(StepModel step, List<string> call)
    {
        string rule = step.Rule.Substring(step.Rule.LastIndexOf('.') + 1);
        if (step.Formula.Length == 0) return rule;
        var map = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (int i = 0; i < step.RuleParameters.Count && i < call.Count; i++) map[step.RuleParameters[i]] = call[i].StartsWith("ref ", System.StringComparison.Ordinal) ? call[i].Substring(4) : call[i];
        return Identifier.Replace(step.Formula, match => map.TryGetValue(match.Value, out var actual) ? actual : match.Value);
    }
}
