using System.Linq;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

internal sealed partial class ReversePlan
{
    private void Name()
    {
        var values = Model.Values;
        var names = new Ref[values.Count];
        var adjoints = new Ref?[values.Count];
        var table = new NameTable();
        foreach (var p in Model.Parameters) table.Reserve(p.Identifier);
        foreach (var p in Model.Parameters) if (p.Kind != ValueKind.Passive) table.Reserve(p.Adjoint);
        foreach (var local in Model.ReservedNames) table.Reserve(local);
        foreach (var v in values)
        {
            names[v.Id] = v.Origin switch
            {
                ValueOrigin.Parameter => new Ref(Infrastructure.Identifiers.Escape(v.Name)),
                ValueOrigin.ContainerMember => new Ref(Infrastructure.Identifiers.Escape(v.Member!.Container), v.Member.Name),
                _ => new Ref(table.Unique(v.Name)),
            };
        }
        foreach (var v in values)
        {
            if (!v.Varied || !Useful[v.Id]) continue;
            adjoints[v.Id] = v.Origin switch
            {
                ValueOrigin.Parameter => new Ref(Model.Parameters.First(p => p.ValueId == v.Id).Adjoint),
                ValueOrigin.ContainerMember => new Ref(Model.Parameters.First(p => p.Name == v.Member!.Container).Adjoint, v.Member!.Name, Conditional: true),
                _ => new Ref(table.Unique(AdjointName(names[v.Id].Text))),
            };
        }
        for (int s = 0; s < Model.Steps.Count; s++)
        {
            var step = Model.Steps[s];
            if (step.Kind == StepKind.Call) CallTapes[s] = table.Unique(LastSegment(step.Callee) + "Tape");
        }
        Counters = Model.Loops.Select(_ => table.Unique("k")).ToArray();
        Trips = Model.Loops.Select(_ => table.Unique("trips")).ToArray();
        Firsts = Model.Loops.Select(l => l.Parent >= 0 ? table.Unique("first") : "").ToArray();
        Taken = Model.Branches.Select(_ => table.Unique("taken")).ToArray();
        OutputAdjoints = Model.Outputs.Select(o => table.Unique("d" + o.Name)).ToArray();
        if (Model.Outputs.Any(o => o.Kind == ValueKind.Tensor))
        {
            Returned = table.Unique("returned");
            foreach (var p in Model.Parameters.Where(p => p.Kind == ValueKind.Tensor)) Kept[p.Name] = table.Unique(p.Name + "Kept");
        }
        TapeParameter = table.Unique("tape");
        ResultLocal = table.Unique("result");
        Discard = table.Unique("unused");
        Names = names;
        Adjoints = adjoints;
    }

    /// <summary>Decides what the tape keeps: what the rules read, the primal value each tensor adjoint takes its
    /// shape from, and every primitive's tensor result (its buffer is reused by the next forward pass).</summary>
    private void Store()
    {
        var values = Model.Values;
        var read = new bool[values.Count];
        for (int s = 0; s < Model.Steps.Count; s++)
        {
            if (!ActiveSteps[s]) continue;
            var step = Model.Steps[s];
            // A rule reads its primitive's arguments and result; z = a * b reads a and b; z = a / b reads b and z.
            bool readsOperands = step.Kind == StepKind.Primitive || step.Kind == StepKind.ScalarBinary && step.Callee is "*" or "/";
            if (!readsOperands) continue;
            foreach (var a in step.Arguments) if (a.IsValue) read[a.ValueId] = true;
            if (step.Kind == StepKind.Primitive || step.Callee == "/") foreach (var r in step.Results) read[r] = true;
        }
        foreach (var v in values)
        {
            if (!NeedsAdjoint(v.Id) || v.Kind != ValueKind.Tensor || v.Origin is ValueOrigin.Parameter or ValueOrigin.ContainerMember) continue;
            read[ShapeSource(v.Id)] = true;
            read[v.Id] |= IsCarried(v.Id);
        }
        var saved = (bool[])read.Clone();
        foreach (var step in Model.Steps)
        {
            if (step.Kind == StepKind.Primitive && values[step.Results[0]].Kind == ValueKind.Tensor) saved[step.Results[0]] = true;
        }
        foreach (var v in values) if (v.Origin == ValueOrigin.ContainerMember) saved[v.Id] = false;
        Read = read;
        Saved = saved;
    }

    /// <summary>The value whose shape a tensor adjoint takes: itself, or for a carried value (whose adjoint lives
    /// across iterations, outside the loop body) the loop's value after the loop.</summary>
    public int ShapeSource(int valueId) =>
        _carried.TryGetValue(valueId, out var carried) ? LoopEnd(carried.Loop).Results[carried.Index] : valueId;

    private static string AdjointName(string name) => Infrastructure.Identifiers.Adjoint(name.TrimStart('@'));

    private static string LastSegment(string callee)
    {
        string last = callee.Substring(callee.LastIndexOf('.') + 1);
        return char.ToLowerInvariant(last[0]) + last.Substring(1);
    }
}
