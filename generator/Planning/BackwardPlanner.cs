using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

/// <summary>Lays out the backward pass as <see cref="ReverseOp"/>s: block by block in reverse, each block in the same
/// pattern (load what it reads, declare its adjoints, take the adjoints handed in from after it, then its steps in
/// reverse under the quoted statement). A loop runs backwards over its iterations, handing the carried values'
/// adjoints from each iteration to the one before; an if replays the branch the forward pass took.</summary>
internal sealed class BackwardPlanner
{
    private readonly ReversePlan _plan;
    private readonly MethodModel _m;
    private readonly IReadOnlyCollection<string>? _acrossCalls;

    /// <summary>The products collected and not yet added: by the enclosing outermost loop, or (across calls) by the
    /// generated WeightGradients member after a window's last step.</summary>
    private readonly List<CollectedProduct> _collected = new();

    private BackwardPlanner(ReversePlan plan, IReadOnlyCollection<string>? acrossCalls)
    {
        _plan = plan;
        _m = plan.Model;
        _acrossCalls = acrossCalls;
    }

    /// <summary>The backward pass, and the products it leaves collected for a window's end (empty unless
    /// <paramref name="acrossCalls"/>).</summary>
    /// <param name="acrossCalls">For a method called once per step of a window (a cell's Step, its recurrent part): the
    /// parameters that stay the same over the window besides container members (the weight-only values); null for
    /// other methods, whose loops add what they collect right after them.</param>
    public static (EquatableArray<ReverseOp> Ops, EquatableArray<CollectedProduct> WindowProducts) Plan(ReversePlan plan, IReadOnlyCollection<string>? acrossCalls = null)
    {
        int statement = -1;
        var planner = new BackwardPlanner(plan, acrossCalls);
        var ops = planner.Block(0, ref statement, handedIn: null).ToEquatableArray();
        return (ops, planner._collected.ToEquatableArray());
    }

    /// <summary>The argument position of the weight whose gradient this step's rule leaves to a collected product, or −1.
    /// The rule must declare the product (TransposedProduct) and the weight stay the same over the loop: a container
    /// member or a parameter inside one of this method's loops, or, across calls, a container member or a parameter
    /// the window hands every step whole.</summary>
    private int CollectedWeight(StepModel step)
    {
        if (step.Kind != StepKind.Primitive || step.Product.Count != 3) return -1;
        var weight = step.Arguments[step.Product[0]];
        if (!weight.IsValue || !_plan.NeedsAdjoint(weight.ValueId) || !_plan.ProductFields.ContainsKey(Adjoint(weight.ValueId).Text)) return -1;
        var value = _m.Values[weight.ValueId];
        if (_acrossCalls is null)
            return _m.Blocks[step.Block].Loop >= 0 && value.Origin is ValueOrigin.ContainerMember or ValueOrigin.Parameter ? step.Product[0] : -1;
        return value.Origin == ValueOrigin.ContainerMember
            || value.Origin == ValueOrigin.Parameter && _acrossCalls.Contains(_m.Parameters.First(p => p.ValueId == value.Id).Name) ? step.Product[0] : -1;
    }

    private List<ReverseOp> Block(int block, ref int statement, ReverseOp? handedIn)
    {
        var ops = new List<ReverseOp>();
        var inBlock = _m.Values.Where(v => v.Block == block).ToList();
        var steps = _plan.BlockSteps[block];
        bool body = block == 0;

        var read = inBlock.Where(v => _plan.Read[v.Id] && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary or ValueOrigin.Parameter).ToList();
        var loads = read.Where(v => _plan.Storage[v.Id] != ValueStorage.ShapeOnly).Select(v => new Load(_plan.Names[v.Id], _plan.SlotOf(v.Id))).ToList();
        var shapes = read.Where(v => _plan.Storage[v.Id] == ValueStorage.ShapeOnly).Select(v => new Load(_plan.Names[v.Id], _plan.SlotOf(v.Id))).ToList();
        var containers = new List<Load>();
        if (body)
        {
            var readContainers = new SortedSet<string>(_m.Values.Where(v => v.Member is not null && _plan.Read[v.Id]).Select(v => v.Member!.Container), System.StringComparer.Ordinal);
            foreach (var c in readContainers)
            {
                string local = Identifiers.Escape(c);
                if (!loads.Any(l => l.Local.Text == local)) containers.Add(new Load(new Ref(local), new Slot(_plan.TapeParameter, local)));
            }
            // The adjoints' buffers live in the scratch the tape shares with its siblings.
            if (_m.Values.Any(v => _plan.NeedsAdjoint(v.Id) && v.Kind == ValueKind.Tensor && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary)
                || Enumerable.Range(0, _m.Steps.Count).Any(s => _plan.ActiveSteps[s] && CollectedWeight(_m.Steps[s]) >= 0))
                containers.Add(new Load(new Ref(_plan.Scratch), new Slot(_plan.TapeParameter, _plan.Scratch)));
        }
        if (loads.Count > 0 || shapes.Count > 0 || containers.Count > 0)
            ops.Add(new LoadSaved(body, loads.ToEquatableArray(), shapes.ToEquatableArray(), containers.ToEquatableArray()));

        var carried = steps.Where(s => _m.Steps[s].Kind == StepKind.LoopBegin && _plan.ActiveLoops[_m.Steps[s].Structure])
            .SelectMany(s => _m.Steps[s].Results).Where(_plan.NeedsAdjoint);
        var adjoints = inBlock.Where(v => _plan.NeedsAdjoint(v.Id) && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary && !_plan.IsCarried(v.Id))
            .Select(v => v.Id).Concat(carried).Select(id => Declaration(id, _plan.ShapeSource(id))).ToList();
        bool discard = body && Enumerable.Range(0, _m.Steps.Count).Any(s => _plan.ActiveSteps[s] && NeedsDiscard(_m.Steps[s]));
        if (adjoints.Count > 0 || discard) ops.Add(new DeclareAdjoints(body, adjoints.ToEquatableArray(), discard));
        if (handedIn is not null) ops.Add(handedIn);
        if (body) Outputs(ops, ref statement);

        for (int i = steps.Count - 1; i >= 0; i--)
        {
            int s = steps[i];
            var step = _m.Steps[s];
            switch (step.Kind)
            {
                case StepKind.LoopEnd when _plan.ActiveLoops[step.Structure]:
                    Loop(ops, _m.Loops[step.Structure], ref statement);
                    continue;
                case StepKind.LoopBegin when _plan.ActiveLoops[step.Structure]:
                    LoopEntry(ops, step);
                    continue;
                case StepKind.IfEnd when _plan.ActiveBranches[step.Structure]:
                    Branch(ops, _m.Branches[step.Structure], ref statement);
                    continue;
            }
            if (!_plan.ActiveSteps[s]) continue;
            if (step.Statement != statement)
            {
                statement = step.Statement;
                ops.Add(new QuoteStatement(statement, QuoteNote.Steps));
            }
            Step(ops, s, step);
        }
        return ops;
    }

    private AdjointDeclaration Declaration(int id, int shape) =>
        new(_plan.Adjoints[id]!, _m.Values[id].Kind, new Slot(_plan.Scratch, _plan.Adjoints[id]!.Text), _plan.Names[shape]);

    private Ref Adjoint(int id) => _plan.Adjoints[id]!;

    /// <summary>target += source when the target needs an adjoint.</summary>
    private AccumulateAdjoint? Add(Operand target, Ref source, ValueKind kind) =>
        _plan.NeedsAdjoint(target.ValueId) ? new AccumulateAdjoint(Adjoint(target.ValueId), source, kind) : null;

    private void Loop(List<ReverseOp> ops, LoopModel loop, ref int statement)
    {
        var begin = _plan.LoopBegin(loop.Id);
        var end = _plan.LoopEnd(loop.Id);
        statement = loop.Statement;
        ops.Add(new QuoteStatement(loop.Statement, QuoteNote.ReversedLoop));
        for (int i = 0; i < end.Results.Count; i++)
        {
            int phi = begin.Results[i], exit = end.Results[i];
            if (_plan.NeedsAdjoint(phi) && _plan.NeedsAdjoint(exit)) ops.Add(new AccumulateAdjoint(Adjoint(phi), Adjoint(exit), _m.Values[phi].Kind));
        }
        var handed = Enumerable.Range(0, begin.Results.Count)
            .Where(i => _plan.NeedsAdjoint(begin.Results[i]) && end.Arguments[i].ValueId != begin.Results[i])
            .Select(i =>
            {
                int phi = begin.Results[i];
                return new CarriedAdjoint(Add(end.Arguments[i], Adjoint(phi), _m.Values[phi].Kind), Declaration(phi, phi));
            }).ToEquatableArray();
        int inner = statement;
        var body = Block(loop.Body, ref inner, handed.Count > 0 ? new HandOver(handed) : null);
        ops.Add(new ReverseLoop(loop.Id, body.ToEquatableArray()));
        // What the outermost loop's iterations collected is added once, as they end.
        if (_acrossCalls is null && loop.Parent < 0 && _collected.Count > 0)
        {
            ops.Add(new AddCollected(_collected.ToEquatableArray()));
            _collected.Clear();
        }
    }

    /// <summary>After the reversed loop, the carried adjoints are those of the values the loop started from.</summary>
    private void LoopEntry(List<ReverseOp> ops, StepModel begin)
    {
        var flows = Enumerable.Range(0, begin.Results.Count)
            .Where(i => _plan.NeedsAdjoint(begin.Results[i]) && _plan.NeedsAdjoint(begin.Arguments[i].ValueId))
            .Select(i => Add(begin.Arguments[i], Adjoint(begin.Results[i]), _m.Values[begin.Results[i]].Kind)!).ToEquatableArray();
        if (flows.Count > 0) ops.Add(new LoopEntry(flows));
    }

    private void Branch(List<ReverseOp> ops, BranchModel branch, ref int statement)
    {
        var end = _plan.IfEnd(branch.Id);
        int n = end.Results.Count;
        statement = branch.Statement;
        ops.Add(new QuoteStatement(branch.Statement, QuoteNote.BranchTaken));
        MergeBack Merge(int offset)
        {
            bool comment = Enumerable.Range(0, n).Any(i => _plan.NeedsAdjoint(end.Results[i]) && _plan.NeedsAdjoint(end.Arguments[offset + i].ValueId));
            var flows = Enumerable.Range(0, n).Where(i => _plan.NeedsAdjoint(end.Results[i]))
                .Select(i => Add(end.Arguments[offset + i], Adjoint(end.Results[i]), _m.Values[end.Results[i]].Kind))
                .Where(a => a is not null).Select(a => a!).ToEquatableArray();
            return new MergeBack(comment, flows);
        }
        int inner = statement;
        var then = Block(branch.Then, ref inner, Merge(0));
        inner = statement;
        var otherwise = Block(branch.Else, ref inner, Merge(n));
        ops.Add(new ReverseBranch(branch.Id, then.ToEquatableArray(), otherwise.ToEquatableArray()));
    }

    /// <summary>Seeds the adjoints of the returned values.</summary>
    private void Outputs(List<ReverseOp> ops, ref int statement)
    {
        var ret = _m.Steps.LastOrDefault(s => s.Kind == StepKind.Return);
        if (ret is null) return;
        ops.Add(new QuoteStatement(ret.Statement, QuoteNote.Outputs));
        for (int k = 0; k < ret.Arguments.Count; k++)
            if (Add(ret.Arguments[k], new Ref(_plan.OutputAdjoints[k]), _m.Outputs[k].Kind) is { } add) ops.Add(add);
        statement = ret.Statement;
    }

    private bool NeedsDiscard(StepModel step) =>
        step.Kind is StepKind.Primitive or StepKind.Call
        && step.Arguments.Where((a, i) => step.Roles[i] == ArgumentRole.Scalar && !_plan.NeedsAdjoint(a.ValueId)).Any();

    private Arg Value(Operand operand) => operand.IsValue ? Arg.Of(_plan.Names[operand.ValueId]) : new Arg(ArgKind.Literal, Literal: operand.Literal);

    private void Step(List<ReverseOp> ops, int index, StepModel step)
    {
        switch (step.Kind)
        {
            case StepKind.Primitive:
            {
                var result = step.Results[0];
                int collected = CollectedWeight(step);
                var head = step.Arguments.Select(Value).Append(Arg.Of(_plan.Names[result])).Append(Arg.Of(Adjoint(result))).ToList();
                var call = head.Concat(InputAdjoints(step, collected)).ToEquatableArray();
                // The quoted formula still names the collected weight's gradient.
                var quoted = collected >= 0 ? head.Concat(InputAdjoints(step)).ToEquatableArray() : default;
                ops.Add(new ApplyRule(index, call, collected, quoted));
                if (collected >= 0)
                {
                    var destination = Adjoint(step.Arguments[collected].ValueId);
                    var product = new CollectedProduct(new Slot(_plan.Scratch, _plan.ProductFields[destination.Text]), destination);
                    Arg Factor(int position) => position < 0 ? Arg.Of(Adjoint(result)) : Value(step.Arguments[position]);
                    ops.Add(new CollectProduct(index, product, Factor(step.Product[1]), Factor(step.Product[2])));
                    if (!_collected.Contains(product)) _collected.Add(product);
                }
                break;
            }
            case StepKind.Call:
            {
                var call = step.Results.Select(r => _plan.NeedsAdjoint(r) ? Arg.Of(Adjoint(r)) : _m.Values[r].Kind == ValueKind.Tensor ? Arg.Null : new Arg(ArgKind.Literal, Literal: "0")).ToList();
                call.AddRange(InputAdjoints(step));
                var tape = new Slot(_plan.TapeParameter, _plan.CallTapes[index], _plan.Index(_m.Blocks[step.Block].Loop));
                ops.Add(new ApplyCallBackward(index, tape, call.ToEquatableArray()));
                break;
            }
            case StepKind.ScalarBinary:
                ops.Add(new QuoteStep(index));
                ScalarBinary(ops, step);
                break;
            case StepKind.ScalarNegate:
                ops.Add(new QuoteStep(index));
                if (_plan.NeedsAdjoint(step.Arguments[0].ValueId)) ops.Add(new ScalarUpdate(Adjoint(step.Arguments[0].ValueId), true, Adjoint(step.Results[0]), null, null));
                break;
            case StepKind.Copy:
                ops.Add(new QuoteStep(index));
                if (Add(step.Arguments[0], Adjoint(step.Results[0]), _m.Values[step.Results[0]].Kind) is { } add) ops.Add(add);
                break;
        }
    }

    private void ScalarBinary(List<ReverseOp> ops, StepModel step)
    {
        var z = step.Results[0];
        Ref dz = Adjoint(z);
        Operand a = step.Arguments[0], b = step.Arguments[1];
        Ref? Name(Operand o) => o.IsValue ? _plan.Names[o.ValueId] : new Ref(o.Literal);
        void Update(Operand target, bool subtract, Ref? times, Ref? dividedBy)
        {
            if (_plan.NeedsAdjoint(target.ValueId)) ops.Add(new ScalarUpdate(Adjoint(target.ValueId), subtract, dz, times, dividedBy));
        }
        switch (step.Callee)
        {
            case "+":
                Update(a, false, null, null);
                Update(b, false, null, null);
                break;
            case "-":
                Update(a, false, null, null);
                Update(b, true, null, null);
                break;
            case "*":
                Update(a, false, Name(b), null);
                Update(b, false, Name(a), null);
                break;
            case "/":
                Update(a, false, null, Name(b));
                Update(b, true, _plan.Names[z], Name(b));
                break;
        }
    }

    /// <summary>The adjoint arguments of a rule or a generated backward, one per differentiable parameter (null for the
    /// argument at <paramref name="collected"/>, whose gradient a collected product adds).</summary>
    private IEnumerable<Arg> InputAdjoints(StepModel step, int collected = -1)
    {
        for (int i = 0; i < step.Arguments.Count; i++)
        {
            var operand = step.Arguments[i];
            bool needs = _plan.NeedsAdjoint(operand.ValueId) && i != collected;
            switch (step.Roles[i])
            {
                case ArgumentRole.Tensor:
                    yield return needs ? Arg.Of(Adjoint(operand.ValueId)) : Arg.Null;
                    break;
                case ArgumentRole.Scalar:
                    yield return Arg.Reference(needs ? Adjoint(operand.ValueId) : new Ref(_plan.Discard));
                    break;
                case ArgumentRole.Container:
                    // A container argument is always a parameter of this method (the parser insists); its adjoint is the parameter's.
                    yield return _m.Parameters.FirstOrDefault(p => p.ValueId == operand.ValueId) is { } container ? Arg.Of(new Ref(container.Adjoint)) : Arg.Null;
                    break;
            }
        }
    }
}
