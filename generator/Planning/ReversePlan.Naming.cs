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
                ValueOrigin.ContainerMember => new Ref(Infrastructure.Identifiers.Escape(v.Member!.Container), Infrastructure.Identifiers.Escape(v.Member.Name)),
                _ => new Ref(table.Unique(v.Name)),
            };
        }
        foreach (var v in values)
        {
            if (!v.Varied || !Useful[v.Id]) continue;
            adjoints[v.Id] = v.Origin switch
            {
                ValueOrigin.Parameter => new Ref(Model.Parameters.First(p => p.ValueId == v.Id).Adjoint),
                ValueOrigin.ContainerMember => new Ref(Model.Parameters.First(p => p.Name == v.Member!.Container).Adjoint, Infrastructure.Identifiers.Escape(v.Member!.Name), Conditional: true),
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
        // The scratch's collector of each weight gradient a loop may add as one product (a rule's TransposedProduct).
        foreach (var step in Model.Steps.Where(s => s.Kind == StepKind.Primitive && s.Product.Count == 3))
        {
            var weight = step.Arguments[step.Product[0]];
            if (!weight.IsValue || adjoints[weight.ValueId] is not { } destination || ProductFields.ContainsKey(destination.Text)) continue;
            // dp?.W collects in dpWRows; a keyword's @ (dp?.@in) is no part of the field's name (dpinRows).
            ProductFields[destination.Text] = table.Unique((destination.Root + destination.Member).Replace("@", "") + "Rows");
        }
        if (Model.Outputs.Any(o => o.Kind == ValueKind.Tensor))
        {
            Returned = table.Unique("returned");
            foreach (var p in Model.Parameters.Where(p => p.Kind == ValueKind.Tensor)) Kept[p.Name] = table.Unique(p.Name + "Kept");
        }
        TapeParameter = table.Unique("tape");
        Scratch = table.Unique("scratch");
        ScratchType = table.Unique("Scratch");
        ResultLocal = table.Unique("result");
        Discard = table.Unique("unused");
        Names = names;
        Adjoints = adjoints;
    }

    /// <summary>Decides what the tape keeps. A rule reads the values its [RuleReads] names (all of them when it names
    /// none) and only the shapes of the others; z = a * b reads a and b, z = a / b reads b and z; a called method's tape
    /// holds its arguments; a tensor adjoint reads the shape of its <see cref="ShapeSource"/>. A value whose elements
    /// the backward pass reads, or that outlives the step that made it (returned, carried to the next iteration, handed
    /// to a call), is <see cref="ValueStorage.Kept"/>, and so is every value that is the same tensor (a copy, a carried or
    /// merged value). A primitive's result only whose shape is read is <see cref="ValueStorage.ShapeOnly"/>; one the
    /// backward pass does not need is <see cref="ValueStorage.Scratch"/>, written into a buffer shared by every iteration
    /// and tape; anything else the tape does not hold.</summary>
    private void Store()
    {
        var values = Model.Values;
        var steps = Model.Steps;
        var value = new bool[values.Count];
        var shape = new bool[values.Count];
        var escapes = new bool[values.Count];
        void Mark(Operand o, bool reads)
        {
            if (!o.IsValue) return;
            if (reads || values[o.ValueId].Kind != ValueKind.Tensor) value[o.ValueId] = true;
            else shape[o.ValueId] = true;
        }
        for (int s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            if (step.Kind is StepKind.Return or StepKind.LoopEnd)
                foreach (var a in step.Arguments) if (a.IsValue) escapes[a.ValueId] = true;
            if (!ActiveSteps[s]) continue;
            switch (step.Kind)
            {
                case StepKind.Primitive:
                    // A factor of the rule's TransposedProduct is read too: the backward pass may collect it for one product per window.
                    for (int i = 0; i < step.Arguments.Count; i++) Mark(step.Arguments[i], step.Reads.Count == 0 || step.Reads[i] || step.Product.Skip(1).Contains(i));
                    Mark(Operand.Of(step.Results[0]), step.Reads.Count == 0 || step.Reads[step.Arguments.Count]);
                    break;
                case StepKind.ScalarBinary when step.Callee is "*" or "/":
                    foreach (var a in step.Arguments) Mark(a, true);
                    if (step.Callee == "/") Mark(Operand.Of(step.Results[0]), true);
                    break;
                case StepKind.Call:
                    foreach (var a in step.Arguments) if (a.IsValue) escapes[a.ValueId] = true;
                    break;
            }
        }
        foreach (var v in values)
        {
            if (!NeedsAdjoint(v.Id) || v.Kind != ValueKind.Tensor || v.Origin is ValueOrigin.Parameter or ValueOrigin.ContainerMember) continue;
            shape[ShapeSource(v.Id)] = true;
            value[v.Id] |= IsCarried(v.Id);
        }

        var primitiveResult = new bool[values.Count];
        foreach (var step in steps) if (step.Kind == StepKind.Primitive) primitiveResult[step.Results[0]] = true;
        var kept = new bool[values.Count];
        // Only a tensor has a buffer that must outlive its step; a double or an int is copied wherever it goes.
        for (int v = 0; v < values.Count; v++) kept[v] = value[v] || values[v].Kind == ValueKind.Tensor && (escapes[v] || shape[v] && !primitiveResult[v]);
        // A tensor that is the same tensor as a kept one is kept: its buffer must outlive the step.
        for (bool changed = true; changed;)
        {
            changed = false;
            void Keep(Operand o)
            {
                if (!o.IsValue || kept[o.ValueId] || values[o.ValueId].Kind != ValueKind.Tensor) return;
                kept[o.ValueId] = true;
                changed = true;
            }
            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Copy:
                        if (kept[step.Results[0]]) Keep(step.Arguments[0]);
                        break;
                    case StepKind.LoopBegin:
                        for (int i = 0; i < step.Results.Count; i++)
                        {
                            if (!kept[step.Results[i]]) continue;
                            Keep(step.Arguments[i]);
                            Keep(LoopEnd(step.Structure).Arguments[i]);
                        }
                        break;
                    case StepKind.LoopEnd:
                        for (int i = 0; i < step.Results.Count; i++)
                            if (kept[step.Results[i]]) Keep(Operand.Of(LoopBegin(step.Structure).Results[i]));
                        break;
                    case StepKind.IfEnd:
                        for (int i = 0; i < step.Results.Count; i++)
                        {
                            if (!kept[step.Results[i]]) continue;
                            Keep(step.Arguments[i]);
                            Keep(step.Arguments[step.Results.Count + i]);
                        }
                        break;
                }
            }
        }

        var storage = new ValueStorage[values.Count];
        foreach (var v in values)
        {
            storage[v.Id] = v.Origin == ValueOrigin.ContainerMember ? ValueStorage.Dropped // the tape holds the container
                : kept[v.Id] ? ValueStorage.Kept
                : shape[v.Id] ? ValueStorage.ShapeOnly
                : primitiveResult[v.Id] && v.Kind == ValueKind.Tensor ? ValueStorage.Scratch
                : ValueStorage.Dropped;
        }
        Read = values.Select(v => value[v.Id] || shape[v.Id]).ToArray();
        ElementsRead = value;
        Storage = storage;
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
