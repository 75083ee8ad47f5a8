using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

/// <summary>The planning stage of the pipeline: forward IR in, <see cref="MethodPlan"/> out. The analysis
/// (<see cref="ReversePlan"/>) decides what is reversed, kept and named; <see cref="BackwardPlanner"/> lays out the
/// backward pass; this assembles both into the equatable plan the emitters print.</summary>
internal static class Planner
{
    public static PlanResult TryPlan(MethodModel model)
    {
        try
        {
            return new PlanResult(model, Plan(model), "");
        }
        catch (System.Exception e)
        {
            return new PlanResult(model, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <param name="acrossCalls">For a method called once per step of a window: the parameters the window hands every step
    /// whole (see <see cref="BackwardPlanner.Plan"/>); a valid cell's Step is one, with none.</param>
    public static MethodPlan Plan(MethodModel model, IReadOnlyCollection<string>? acrossCalls = null)
    {
        var plan = ReversePlan.Analyse(model);
        if (acrossCalls is null && model.Cell is { Valid: true }) acrossCalls = new string[0];
        var (backward, windowProducts) = BackwardPlanner.Plan(plan, acrossCalls);
        var m = plan.Model;
        var values = m.Values.Select(v => new PlannedValue(
            v.Id,
            plan.Names[v.Id],
            plan.Adjoints[v.Id],
            plan.Storage[v.Id],
            plan.SlotOf(v.Id),
            Buffer(plan, v),
            plan.ElementsRead[v.Id])).ToEquatableArray();
        var loops = m.Loops.Select(l => new LoopPlan(
            plan.StructureSteps[(StepKind.LoopBegin, l.Id)],
            plan.StructureSteps[(StepKind.LoopEnd, l.Id)],
            plan.Counters[l.Id],
            new Slot(plan.TapeParameter, plan.Trips[l.Id], plan.Index(l.Parent)),
            l.Parent >= 0 ? new Slot(plan.TapeParameter, plan.Firsts[l.Id], plan.Index(l.Parent)) : null,
            plan.ActiveLoops[l.Id])).ToEquatableArray();
        var branches = m.Branches.Select(b => new BranchPlan(
            plan.StructureSteps[(StepKind.IfEnd, b.Id)],
            new Slot(plan.TapeParameter, plan.Taken[b.Id], plan.Index(b.Loop)),
            plan.ActiveBranches[b.Id])).ToEquatableArray();
        return new MethodPlan(
            m,
            values,
            plan.BlockSteps.Select(b => b.ToEquatableArray()).ToEquatableArray(),
            plan.ActiveSteps.ToEquatableArray(),
            loops,
            branches,
            Enumerable.Range(0, m.Steps.Count).Select(s => plan.CallTapes.TryGetValue(s, out var t) ? t : "").ToEquatableArray(),
            plan.Returned,
            m.Parameters.Select(p => plan.Kept.TryGetValue(p.Name, out var k) ? k : "").ToEquatableArray(),
            plan.OutputAdjoints.ToEquatableArray(),
            plan.TapeParameter,
            plan.Scratch,
            plan.ScratchType,
            plan.ResultLocal,
            plan.Discard,
            plan.UnusedParameters.Select(p => p.Name).ToEquatableArray(),
            backward,
            m.Cell is { Valid: true } ? Window(m, plan) : null,
            windowProducts);
    }

    /// <summary>The window form of a cell's Step (<see cref="Fission.WindowSplit"/>), its two methods planned like any other.</summary>
    private static WindowPlan Window(MethodModel m, ReversePlan plan)
    {
        var form = Fission.WindowSplit.Split(m, m.Values.Select(v => plan.Names[v.Id].Text).ToList());
        if (form.Inputs is null || form.Recurrent is null) return new WindowPlan(null, null, form.Values, form.Reason);
        // StepInputs runs once over the window's rows; StepRecurrent once per step, handed the weight-only values whole.
        return new WindowPlan(Plan(form.Inputs), Plan(form.Recurrent, form.Values.Where(v => !v.Rows).Select(v => v.Name).ToList()), form.Values, "");
    }

    /// <summary>The buffer a primitive's destination-passing form writes a value into: its tape slot when the tape keeps
    /// it, else one scratch buffer for all iterations (null when there is no such form).</summary>
    private static Slot? Buffer(ReversePlan plan, ValueModel v)
    {
        bool into = plan.Model.Steps.Any(s => s.Kind == StepKind.Primitive && s.Results[0] == v.Id && s.Into.Length > 0);
        if (!into || v.Kind != ValueKind.Tensor) return null;
        return plan.Storage[v.Id] == ValueStorage.Kept ? plan.SlotOf(v.Id) : new Slot(plan.Scratch, plan.Names[v.Id].Text);
    }
}
