using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

// The reverse plan: what the planner decides and the emitters print. Equatable records of strings, numbers, enums and
// EquatableArray, like the forward IR, so the pipeline caches it.

/// <summary>What the tape does with a value between the forward and the backward pass.</summary>
internal enum ValueStorage
{
    /// <summary>Not on the tape: the backward pass needs nothing of it.</summary>
    Dropped,

    /// <summary>On the tape (one per iteration inside a loop): the backward pass reads its elements, or it outlives the
    /// step that made it (returned, carried to the next iteration, handed to a call).</summary>
    Kept,

    /// <summary>On the tape as a tensor that holds only its shape (<c>Tensor.ShapeOnly</c>): the rules that take it read
    /// only its shape ([RuleReads]). Its elements are written into a scratch buffer.</summary>
    ShapeOnly,

    /// <summary>Not on the tape: a primitive's result the backward pass does not need, written into a scratch buffer
    /// shared by every iteration and by the tapes made from this one.</summary>
    Scratch,
}

/// <summary>A name in the generated code: an identifier (<c>h_2</c>, <c>dx</c>), or a tensor member of a container
/// (<c>p.W</c>; its adjoint <c>dp?.W</c> is <see cref="Conditional"/>, since a caller may pass no gradient container).</summary>
internal sealed record Ref(string Root, string Member = "", bool Conditional = false)
{
    public string Text => Member.Length == 0 ? Root : Root + (Conditional ? "?." : ".") + Member;
}

/// <summary>A field of the tape: <c>tape.h_2</c>, or <c>tape.h_2[k]</c> for a per-iteration record.</summary>
internal sealed record Slot(string Tape, string Field, string Index = "")
{
    public string Text => Tape + "." + Field + (Index.Length > 0 ? "[" + Index + "]" : "");
}

/// <summary>One forward value as the reverse pass sees it.</summary>
/// <param name="Name">Its name in the generated code.</param>
/// <param name="Adjoint">Its adjoint, or null when no gradient flows back through it.</param>
/// <param name="Slot">Where the tape holds it (the value, or its shape only).</param>
/// <param name="Buffer">Where a primitive's destination-passing form writes it: <see cref="Slot"/> when it is kept, a
/// scratch buffer when only its shape or nothing is kept; null for other values.</param>
/// <param name="ElementsRead">Whether the backward pass reads its elements (not only its shape), or a loop carries it.</param>
internal sealed record PlannedValue(int Id, Ref Name, Ref? Adjoint, ValueStorage Storage, Slot Slot, Slot? Buffer, bool ElementsRead = false);

/// <summary>A loop as both passes run it: its forward steps' positions, iteration counter and tape records.</summary>
/// <param name="Begin">The index of its LoopBegin step (results: the carried values as an iteration starts).</param>
/// <param name="End">The index of its LoopEnd step.</param>
/// <param name="First">For an inner loop, the record of its first iteration's index (counters run on over the outer
/// loop's iterations); null for an outermost loop.</param>
/// <param name="Reversed">Whether the backward pass replays it.</param>
internal sealed record LoopPlan(int Begin, int End, string Counter, Slot Trips, Slot? First, bool Reversed);

/// <summary>An if as both passes run it: its IfEnd step, the record of the branch taken, and whether the backward
/// pass replays it.</summary>
internal sealed record BranchPlan(int End, Slot Taken, bool Reversed);

/// <summary>The reverse plan of one method: every value's name, adjoint and storage, the steps of each block, the names
/// of the tape's records, and the backward pass as explicit operations (<see cref="Backward"/>).</summary>
/// <param name="Active">Per step: whether the backward pass reverses it.</param>
/// <param name="CallTapes">Per step: the tape field of a Call step's callee tape ("" for other steps).</param>
/// <param name="Returned">The tape field of the tensors the last forward pass returned ("" when it returns none).</param>
/// <param name="Kept">Per parameter: the tape field its argument is copied into when the tape returned it before ("" for none).</param>
/// <param name="OutputAdjoints">The backward pass's parameter per output (dLoss, dH).</param>
/// <param name="Scratch">The tape's field, and the local in both passes, holding the buffers no backward pass reads (of
/// type <paramref name="ScratchType"/>, a class nested in the tape): scratch values and adjoints.</param>
/// <param name="UnusedParameters">Differentiable parameters that cannot affect the result (AGR009).</param>
/// <param name="Window">For a valid cell's Step: its window form, planned, or why it has none; null for other methods.</param>
/// <param name="WindowProducts">For a method called once per step of a window: the weight gradients its backward pass
/// collects for one product per window, which its generated <c>WeightGradients</c> member adds.</param>
internal sealed record MethodPlan(
    MethodModel Model,
    EquatableArray<PlannedValue> Values,
    EquatableArray<EquatableArray<int>> BlockSteps,
    EquatableArray<bool> Active,
    EquatableArray<LoopPlan> Loops,
    EquatableArray<BranchPlan> Branches,
    EquatableArray<string> CallTapes,
    string Returned,
    EquatableArray<string> Kept,
    EquatableArray<string> OutputAdjoints,
    string Tape,
    string Scratch,
    string ScratchType,
    string ResultLocal,
    string Discard,
    EquatableArray<string> UnusedParameters,
    EquatableArray<ReverseOp> Backward,
    WindowPlan? Window = null,
    EquatableArray<CollectedProduct> WindowProducts = default)
{
    public string NameOf(int valueId) => Values[valueId].Name.Text;

    public string NameOf(Operand operand) => operand.IsValue ? NameOf(operand.ValueId) : operand.Literal;

    public bool NeedsAdjoint(int valueId) => valueId >= 0 && Values[valueId].Adjoint is not null;

    /// <summary>Whether the tape holds the value itself.</summary>
    public bool IsKept(int valueId) => Values[valueId].Storage == ValueStorage.Kept;

    /// <summary><c>[k]</c> for a per-iteration record inside <paramref name="loop"/>, else empty.</summary>
    public string Index(int loop) => loop >= 0 ? Loops[loop].Counter : "";

    public StepModel LoopBegin(int loop) => Model.Steps[Loops[loop].Begin];

    public StepModel LoopEnd(int loop) => Model.Steps[Loops[loop].End];

    public StepModel IfEnd(int branch) => Model.Steps[Branches[branch].End];
}

/// <summary>A cell's window form as planned: <c>StepInputs</c> and <c>StepRecurrent</c> (both null when there is none, with
/// the one-line <paramref name="Reason"/>) and the values the second takes from the first.</summary>
internal sealed record WindowPlan(MethodPlan? Inputs, MethodPlan? Recurrent, EquatableArray<Fission.WindowValue> Values, string Reason);

/// <summary>The result of the planning step for <paramref name="Model"/>: its plan, or the message of the planner's own
/// failure (reported as AGR010 at the method).</summary>
internal sealed record PlanResult(MethodModel Model, MethodPlan? Plan, string Failure);
