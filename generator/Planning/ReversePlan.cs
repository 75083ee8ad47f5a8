using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

/// <summary>
/// What the reverse pass does: which values reach an output (useful), which steps the backward reverses
/// (active: a useful result computed from a value that carries gradient), which values the tape keeps, and every
/// name the generated code uses. Loops make usefulness a fixed point: a carried value used in one iteration makes
/// the previous iteration's result useful.
/// </summary>
internal sealed partial class ReversePlan
{
    private ReversePlan(MethodModel model)
    {
        Model = model;
        BlockSteps = model.Blocks.Select(_ => new List<int>()).ToArray();
        for (int s = 0; s < model.Steps.Count; s++)
        {
            var step = model.Steps[s];
            BlockSteps[step.Block].Add(s);
            switch (step.Kind)
            {
                case StepKind.LoopBegin:
                    _loopBegins[step.Structure] = step;
                    StructureSteps[(StepKind.LoopBegin, step.Structure)] = s;
                    for (int i = 0; i < step.Results.Count; i++) _carried[step.Results[i]] = (step.Structure, i);
                    break;
                case StepKind.LoopEnd:
                    _loopEnds[step.Structure] = step;
                    StructureSteps[(StepKind.LoopEnd, step.Structure)] = s;
                    break;
                case StepKind.IfEnd:
                    _ifEnds[step.Structure] = step;
                    StructureSteps[(StepKind.IfEnd, step.Structure)] = s;
                    break;
            }
        }
    }

    private readonly Dictionary<int, StepModel> _loopBegins = new(), _loopEnds = new(), _ifEnds = new();

    /// <summary>The index of each loop's LoopBegin and LoopEnd step and each branch's IfEnd step.</summary>
    public Dictionary<(StepKind Kind, int Structure), int> StructureSteps { get; } = new();

    /// <summary>Each loop's carried values (as an iteration starts): their loop and position.</summary>
    private readonly Dictionary<int, (int Loop, int Index)> _carried = new();

    public MethodModel Model { get; }

    /// <summary>The steps of each block, in forward order (a loop's or an if's structural steps are in the block around it).</summary>
    public List<int>[] BlockSteps { get; }

    /// <summary>Forward name per value id.</summary>
    public Ref[] Names { get; private set; } = new Ref[0];

    /// <summary>Adjoint per value id (null when the value needs none).</summary>
    public Ref?[] Adjoints { get; private set; } = new Ref?[0];

    public bool[] Useful { get; private set; } = new bool[0];

    public bool[] ActiveSteps { get; private set; } = new bool[0];

    /// <summary>Values the backward pass reads back from the tape (their elements, or only their shapes).</summary>
    public bool[] Read { get; private set; } = new bool[0];

    /// <summary>Values whose elements (not only their shapes) the backward pass reads, or that a loop carries.</summary>
    public bool[] ElementsRead { get; private set; } = new bool[0];

    /// <summary>What the tape does with each value (see <see cref="Store"/>).</summary>
    public ValueStorage[] Storage { get; private set; } = new ValueStorage[0];

    /// <summary>Loops and branches the backward pass has to replay.</summary>
    public bool[] ActiveLoops { get; private set; } = new bool[0];

    public bool[] ActiveBranches { get; private set; } = new bool[0];

    /// <summary>The scratch field collecting each weight gradient's transposed product, by the gradient's adjoint text.</summary>
    public Dictionary<string, string> ProductFields { get; } = new();

    /// <summary>The tape field holding the saved tape of each Call step, by step index.</summary>
    public Dictionary<int, string> CallTapes { get; } = new();

    /// <summary>Per loop: the iteration counter, and the tape fields of its trip count and first iteration index.</summary>
    public string[] Counters { get; private set; } = new string[0];

    public string[] Trips { get; private set; } = new string[0];

    public string[] Firsts { get; private set; } = new string[0];

    /// <summary>Per branch: the tape field recording whether the then branch ran.</summary>
    public string[] Taken { get; private set; } = new string[0];

    /// <summary>The tape field holding the tensors the last forward pass returned (empty when it returns none), and per
    /// Tensor parameter the tape field its argument is copied into when it is one of them.</summary>
    public string Returned { get; private set; } = "";

    public Dictionary<string, string> Kept { get; } = new();

    /// <summary>Names of the output adjoints (backward parameters), one per output.</summary>
    public string[] OutputAdjoints { get; private set; } = new string[0];

    public string TapeParameter { get; private set; } = "tape";

    /// <summary>The tape's field (and the local) holding the buffers no backward pass reads, and its nested class.</summary>
    public string Scratch { get; private set; } = "scratch";

    public string ScratchType { get; private set; } = "Scratch";

    /// <summary>The local holding the forward's result in {M}WithGradient.</summary>
    public string ResultLocal { get; private set; } = "result";

    public string Discard { get; private set; } = "unused";

    /// <summary>Differentiable parameters that cannot affect the result.</summary>
    public IReadOnlyList<ParameterModel> UnusedParameters { get; private set; } = new ParameterModel[0];

    public bool NeedsAdjoint(int valueId) => valueId >= 0 && Adjoints[valueId] is not null;

    public string NameOf(Operand operand) => operand.IsValue ? Names[operand.ValueId].Text : operand.Literal;

    /// <summary>The LoopBegin step of a loop, whose results are its carried values as an iteration starts.</summary>
    public StepModel LoopBegin(int loop) => _loopBegins[loop];

    public StepModel LoopEnd(int loop) => _loopEnds[loop];

    public StepModel IfEnd(int branch) => _ifEnds[branch];

    /// <summary>True for a value that is a loop's carried value as an iteration starts.</summary>
    public bool IsCarried(int valueId) => _carried.ContainsKey(valueId);

    /// <summary>The tape slot of a value: <c>tape.x</c>, or <c>tape.x[k]</c> inside a loop.</summary>
    public Slot SlotOf(int valueId) => new(TapeParameter, Names[valueId].Text, Index(Model.Values[valueId].Loop));

    /// <summary>The counter indexing per-iteration records inside <paramref name="loop"/>, or empty outside any loop.</summary>
    public string Index(int loop) => loop >= 0 ? Counters[loop] : "";

    public static ReversePlan Analyse(MethodModel model)
    {
        var plan = new ReversePlan(model);
        plan.Analyse();
        plan.Name();
        plan.Store();
        return plan;
    }

    private static bool Differentiates(StepModel step) =>
        step.Kind is StepKind.Primitive or StepKind.Call or StepKind.ScalarBinary or StepKind.ScalarNegate or StepKind.Copy;

    private void Analyse()
    {
        var values = Model.Values;
        var steps = Model.Steps;
        var useful = new bool[values.Count];
        var active = new bool[steps.Count];
        var usefulContainers = new HashSet<string>();
        void MarkUseful(Operand operand, ArgumentRole role, ref bool changed)
        {
            if (!operand.IsValue || !values[operand.ValueId].Varied) return;
            if (role == ArgumentRole.Container) usefulContainers.Add(values[operand.ValueId].Name);
            if (!useful[operand.ValueId]) changed = true;
            useful[operand.ValueId] = true;
        }

        for (bool changed = true; changed;)
        {
            changed = false;
            for (int s = steps.Count - 1; s >= 0; s--)
            {
                var step = steps[s];
                switch (step.Kind)
                {
                    case StepKind.LoopEnd:
                    {
                        // The value after the loop is the carried value where the header stops the loop: the start
                        // value of the iteration that does not run (the value on entry when none does).
                        var phis = LoopBegin(step.Structure).Results;
                        for (int i = 0; i < step.Arguments.Count; i++)
                        {
                            if (useful[step.Results[i]]) MarkUseful(Operand.Of(phis[i]), ArgumentRole.Passive, ref changed);
                            if (useful[step.Results[i]] || useful[phis[i]]) MarkUseful(step.Arguments[i], ArgumentRole.Passive, ref changed);
                        }
                        continue;
                    }
                    case StepKind.LoopBegin:
                        for (int i = 0; i < step.Arguments.Count; i++)
                            if (useful[step.Results[i]]) MarkUseful(step.Arguments[i], ArgumentRole.Passive, ref changed);
                        continue;
                    case StepKind.IfEnd:
                        for (int i = 0; i < step.Results.Count; i++)
                        {
                            if (!useful[step.Results[i]]) continue;
                            MarkUseful(step.Arguments[i], ArgumentRole.Passive, ref changed);
                            MarkUseful(step.Arguments[step.Results.Count + i], ArgumentRole.Passive, ref changed);
                        }
                        continue;
                }
                bool reached = step.Kind == StepKind.Return || step.Results.Any(r => useful[r]);
                if (!reached || !(Differentiates(step) || step.Kind == StepKind.Return)) continue;
                bool anyVaried = false;
                for (int a = 0; a < step.Arguments.Count; a++)
                {
                    var operand = step.Arguments[a];
                    if (!operand.IsValue || !values[operand.ValueId].Varied) continue;
                    anyVaried = true;
                    MarkUseful(operand, step.Roles.Count > a ? step.Roles[a] : ArgumentRole.Passive, ref changed);
                }
                active[s] = anyVaried && step.Kind != StepKind.Return;
            }
        }
        foreach (var v in values)
        {
            if (v.Member is { } member && useful[v.Id]) usefulContainers.Add(member.Container);
        }
        Useful = useful;
        ActiveSteps = active;
        UnusedParameters = Model.Parameters
            .Where(p => p.Kind != ValueKind.Passive && !(p.Kind == ValueKind.Container ? usefulContainers.Contains(p.Name) : useful[p.ValueId]))
            .ToList();

        // A loop or branch is replayed backwards when a step inside it is, or when it carries or merges a useful value.
        var activeBlocks = new bool[Model.Blocks.Count];
        void MarkBlock(int block)
        {
            for (int b = block; b > 0; b = Model.Blocks[b].Parent) activeBlocks[b] = true;
        }
        for (int s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            bool carriesUseful = step.Kind is StepKind.LoopBegin or StepKind.IfEnd && step.Results.Any(r => useful[r] && values[r].Varied);
            if (active[s] || carriesUseful) MarkBlock(step.Block);
            if (carriesUseful && step.Kind == StepKind.LoopBegin) MarkBlock(Model.Loops[step.Structure].Body);
            if (carriesUseful && step.Kind == StepKind.IfEnd)
            {
                MarkBlock(Model.Branches[step.Structure].Then);
                MarkBlock(Model.Branches[step.Structure].Else);
            }
        }
        ActiveLoops = Model.Loops.Select(l => activeBlocks[l.Body]).ToArray();
        ActiveBranches = Model.Branches.Select(b => activeBlocks[b.Then] || activeBlocks[b.Else]).ToArray();
    }
}
