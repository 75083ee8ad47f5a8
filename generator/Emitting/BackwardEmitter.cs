using System;
using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the backward pass: the forward's active steps in reverse, each applying its rule to accumulate
/// adjoints, under a comment quoting the forward statement and the rule. A loop runs backwards over its saved
/// iterations, handing the carried values' adjoints from each iteration to the one before; an if replays the
/// branch the forward pass took.</summary>
internal static class BackwardEmitter
{
    private const string Accumulate = "global::AutoGradRnn.Adjoints.Accumulate";

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
            int statement = -1;
            EmitBlock(w, plan, 0, ref statement, hook: null);
        }
    }

    /// <summary>Emits one block backwards: loads what it reads, zeroes its adjoints, runs <paramref name="hook"/> (which
    /// hands adjoints in from the iteration after or from the merge after an if), then its steps in reverse.</summary>
    private static void EmitBlock(CodeWriter w, ReversePlan plan, int block, ref int statement, Action? hook)
    {
        var m = plan.Model;
        string tape = plan.TapeParameter;
        var inBlock = m.Values.Where(v => v.Block == block).ToList();
        var steps = plan.BlockSteps[block];
        var carried = steps.Where(s => m.Steps[s].Kind == StepKind.LoopBegin && plan.ActiveLoops[m.Steps[s].Structure])
            .SelectMany(s => m.Steps[s].Results).Where(plan.NeedsAdjoint).ToList();

        var loads = inBlock.Where(v => plan.Read[v.Id] && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary or ValueOrigin.Parameter).ToList();
        if (loads.Count > 0)
        {
            w.Line(block == 0 ? "// The values the forward pass saved." : "// The values this iteration or branch saved.");
            foreach (var v in loads) w.Line("var " + plan.Names[v.Id] + " = " + (v.Origin == ValueOrigin.Parameter ? tape + "." + plan.Names[v.Id] : plan.Slot(v.Id)) + ";");
        }
        if (block == 0)
        {
            var containers = new SortedSet<string>(m.Values.Where(v => v.Origin == ValueOrigin.ContainerMember && plan.Read[v.Id])
                .Select(v => v.Expression.Substring(0, v.Expression.IndexOf('.'))), StringComparer.Ordinal);
            foreach (var c in containers) if (!loads.Any(v => v.Name == c)) w.Line("var " + Infrastructure.Identifiers.Escape(c) + " = " + tape + "." + Infrastructure.Identifiers.Escape(c) + ";");
        }

        var adjoints = inBlock.Where(v => plan.NeedsAdjoint(v.Id) && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary && !plan.IsCarried(v.Id))
            .Select(v => v.Id).Concat(carried).ToList();
        bool discard = block == 0 && Enumerable.Range(0, m.Steps.Count).Any(s => plan.ActiveSteps[s] && NeedsDiscard(plan, m.Steps[s]));
        if (adjoints.Count > 0 || discard)
        {
            w.Line();
            w.Line(block == 0 ? "// Adjoints of the intermediate values: zero until the uses of each value add to it."
                : "// Adjoints of this iteration's or branch's values, from zero.");
            foreach (var id in adjoints) w.Line(DeclareAdjoint(plan, id));
            if (discard) w.Line("double " + plan.Discard + " = 0; // receives the adjoints of scalars that need none");
        }
        hook?.Invoke();
        if (block == 0) EmitOutputs(w, plan, ref statement);

        for (int i = steps.Count - 1; i >= 0; i--)
        {
            int s = steps[i];
            var step = m.Steps[s];
            switch (step.Kind)
            {
                case StepKind.LoopEnd when plan.ActiveLoops[step.Structure]:
                    EmitLoop(w, plan, m.Loops[step.Structure], ref statement);
                    continue;
                case StepKind.LoopBegin when plan.ActiveLoops[step.Structure]:
                    EmitLoopEntry(w, plan, step);
                    continue;
                case StepKind.IfEnd when plan.ActiveBranches[step.Structure]:
                    EmitIf(w, plan, m.Branches[step.Structure], ref statement);
                    continue;
            }
            if (!plan.ActiveSteps[s]) continue;
            if (step.Statement != statement)
            {
                statement = step.Statement;
                w.Line();
                w.Line(ForwardEmitter.QuoteStatement(m.Statements[statement]));
            }
            EmitStep(w, plan, s, step);
        }
    }

    private static string DeclareAdjoint(ReversePlan plan, int id)
    {
        var v = plan.Model.Values[id];
        string adjoint = plan.Adjoints[id]!;
        return v.Kind == ValueKind.Tensor
            ? "var " + adjoint + " = global::AutoGradRnn.Adjoints.Zeroed(ref " + plan.TapeParameter + "." + adjoint + ", " + plan.Names[plan.ShapeSource(id)] + ");"
            : "double " + adjoint + " = 0;";
    }

    /// <summary>target += source, for tensors or scalars; nothing when the target needs no adjoint.</summary>
    private static void Add(CodeWriter w, ReversePlan plan, Operand target, string source, ValueKind kind)
    {
        if (!plan.NeedsAdjoint(target.ValueId)) return;
        string into = plan.Adjoints[target.ValueId]!;
        w.Line(kind == ValueKind.Tensor ? Accumulate + "(" + into + ", " + source + ");" : into + " += " + source + ";");
    }

    private static void EmitLoop(CodeWriter w, ReversePlan plan, LoopModel loop, ref int statement)
    {
        var m = plan.Model;
        var begin = plan.LoopBegin(loop.Id);
        var end = plan.LoopEnd(loop.Id);
        string tape = plan.TapeParameter, k = plan.Counters[loop.Id];
        statement = loop.Statement;
        w.Line();
        w.Line(ForwardEmitter.QuoteStatement(m.Statements[loop.Statement]) + "   (reversed: the last iteration first)");
        for (int i = 0; i < end.Results.Count; i++)
        {
            int phi = begin.Results[i], exit = end.Results[i];
            if (plan.NeedsAdjoint(phi) && plan.NeedsAdjoint(exit)) Add(w, plan, Operand.Of(phi), plan.Adjoints[exit]!, m.Values[phi].Kind);
        }
        string header = loop.Parent < 0
            ? "for (int " + k + " = " + tape + "." + plan.Trips[loop.Id] + " - 1; " + k + " >= 0; " + k + "--)"
            : "for (int " + k + " = " + tape + "." + plan.Firsts[loop.Id] + plan.Index(loop.Parent) + " + " + tape + "." + plan.Trips[loop.Id] + plan.Index(loop.Parent) + " - 1; "
              + k + " >= " + tape + "." + plan.Firsts[loop.Id] + plan.Index(loop.Parent) + "; " + k + "--)";
        using (w.Block(header))
        {
            int inner = statement;
            EmitBlock(w, plan, loop.Body, ref inner, () =>
            {
                var handed = Enumerable.Range(0, begin.Results.Count)
                    .Where(i => plan.NeedsAdjoint(begin.Results[i]) && end.Arguments[i].ValueId != begin.Results[i]).ToList();
                if (handed.Count == 0) return;
                w.Line();
                w.Line("// The carried values leave this iteration as the next one's start: their adjoints move here and restart at zero.");
                foreach (int i in handed)
                {
                    int phi = begin.Results[i];
                    var kind = m.Values[phi].Kind;
                    Add(w, plan, end.Arguments[i], plan.Adjoints[phi]!, kind);
                    w.Line(kind == ValueKind.Tensor
                        ? plan.Adjoints[phi] + " = global::AutoGradRnn.Adjoints.Zeroed(ref " + plan.TapeParameter + "." + plan.Adjoints[phi] + ", " + plan.Names[phi] + ");"
                        : plan.Adjoints[phi] + " = 0;");
                }
            });
        }
    }

    /// <summary>After the reversed loop, the carried adjoints are those of the values the loop started from.</summary>
    private static void EmitLoopEntry(CodeWriter w, ReversePlan plan, StepModel begin)
    {
        var flows = Enumerable.Range(0, begin.Results.Count).Where(i => plan.NeedsAdjoint(begin.Results[i]) && plan.NeedsAdjoint(begin.Arguments[i].ValueId)).ToList();
        if (flows.Count == 0) return;
        w.Line("// before the first iteration: the carried values were the loop's starting values");
        foreach (int i in flows) Add(w, plan, begin.Arguments[i], plan.Adjoints[begin.Results[i]]!, plan.Model.Values[begin.Results[i]].Kind);
    }

    private static void EmitIf(CodeWriter w, ReversePlan plan, BranchModel branch, ref int statement)
    {
        var m = plan.Model;
        var end = plan.IfEnd(branch.Id);
        int n = end.Results.Count;
        statement = branch.Statement;
        w.Line();
        w.Line(ForwardEmitter.QuoteStatement(m.Statements[branch.Statement]) + "   (the branch the forward pass took)");
        void Merge(int offset)
        {
            if (Enumerable.Range(0, n).Any(i => plan.NeedsAdjoint(end.Results[i]) && plan.NeedsAdjoint(end.Arguments[offset + i].ValueId)))
                w.Line("// The variables this if assigned leave this branch with these values: their adjoints flow back here.");
            for (int i = 0; i < n; i++)
                if (plan.NeedsAdjoint(end.Results[i])) Add(w, plan, end.Arguments[offset + i], plan.Adjoints[end.Results[i]]!, m.Values[end.Results[i]].Kind);
        }
        int inner = statement;
        using (w.Block("if (" + plan.TapeParameter + "." + plan.Taken[branch.Id] + plan.Index(branch.Loop) + ")"))
            EmitBlock(w, plan, branch.Then, ref inner, () => Merge(0));
        inner = statement;
        using (w.Block("else"))
            EmitBlock(w, plan, branch.Else, ref inner, () => Merge(n));
    }

    /// <summary>Seeds the adjoints of the returned values.</summary>
    private static void EmitOutputs(CodeWriter w, ReversePlan plan, ref int statement)
    {
        var m = plan.Model;
        var ret = m.Steps.LastOrDefault(s => s.Kind == StepKind.Return);
        if (ret is null) return;
        w.Line();
        w.Line(ForwardEmitter.QuoteStatement(m.Statements[ret.Statement]));
        w.Line("//   each output's adjoint flows into the value returned");
        for (int k = 0; k < ret.Arguments.Count; k++)
            Add(w, plan, ret.Arguments[k], plan.OutputAdjoints[k], m.Outputs[k].Kind);
        statement = ret.Statement;
    }

    private static bool NeedsDiscard(ReversePlan plan, StepModel step) =>
        step.Kind is StepKind.Primitive or StepKind.Call
        && step.Arguments.Where((a, i) => step.Roles[i] == ArgumentRole.Scalar && !plan.NeedsAdjoint(a.ValueId)).Any();

    private static void EmitStep(CodeWriter w, ReversePlan plan, int index, StepModel step)
    {
        string Name(int id) => plan.Names[id];
        switch (step.Kind)
        {
            case StepKind.Primitive:
            {
                var result = step.Results[0];
                var call = new List<string>(step.Arguments.Select(plan.NameOf)) { Name(result), plan.Adjoints[result]! };
                call.AddRange(InputAdjoints(plan, step));
                w.Line("//   " + Name(result) + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  " + RuleFormula.Substitute(step, call));
                w.Line(step.Rule + "(" + string.Join(", ", call) + ");");
                break;
            }
            case StepKind.Call:
            {
                var call = new List<string> { plan.TapeParameter + "." + plan.CallTapes[index] + plan.Index(plan.Model.Blocks[step.Block].Loop) };
                foreach (var r in step.Results)
                    call.Add(plan.NeedsAdjoint(r) ? plan.Adjoints[r]! : plan.Model.Values[r].Kind == ValueKind.Tensor ? "null" : "0");
                call.AddRange(InputAdjoints(plan, step));
                string results = step.Results.Count == 1 ? Name(step.Results[0]) : "(" + string.Join(", ", step.Results.Select(Name)) + ")";
                w.Line("//   " + results + " = " + ForwardEmitter.ShortCall(plan, step) + "  ⇒  its generated backward");
                w.Line(step.Callee + "Backward(" + string.Join(", ", call) + ");");
                break;
            }
            case StepKind.ScalarBinary:
                EmitScalarBinary(w, plan, step);
                break;
            case StepKind.ScalarNegate:
            {
                w.Line("//   " + Name(step.Results[0]) + " = -" + plan.NameOf(step.Arguments[0]));
                if (plan.NeedsAdjoint(step.Arguments[0].ValueId)) w.Line(plan.Adjoints[step.Arguments[0].ValueId] + " -= " + plan.Adjoints[step.Results[0]] + ";");
                break;
            }
            case StepKind.Copy:
            {
                var kind = plan.Model.Values[step.Results[0]].Kind;
                w.Line("//   " + Name(step.Results[0]) + " = " + plan.NameOf(step.Arguments[0]));
                Add(w, plan, step.Arguments[0], plan.Adjoints[step.Results[0]]!, kind);
                break;
            }
        }
    }

    private static void EmitScalarBinary(CodeWriter w, ReversePlan plan, StepModel step)
    {
        string Adj(Operand o) => plan.NeedsAdjoint(o.ValueId) ? plan.Adjoints[o.ValueId]! : "";
        var z = step.Results[0];
        string dz = plan.Adjoints[z]!;
        string a = plan.NameOf(step.Arguments[0]), b = plan.NameOf(step.Arguments[1]);
        string da = Adj(step.Arguments[0]), db = Adj(step.Arguments[1]);
        w.Line("//   " + plan.Names[z] + " = " + a + " " + step.Callee + " " + b);
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
                if (db.Length > 0) w.Line(db + " -= " + dz + " * " + plan.Names[z] + " / " + b + ";");
                break;
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
                    // A container argument is always a parameter of this method (the parser insists); its adjoint is the parameter's.
                    yield return plan.Model.Parameters.FirstOrDefault(p => p.ValueId == operand.ValueId) is { } container ? container.Adjoint : "null";
                    break;
            }
        }
    }
}
