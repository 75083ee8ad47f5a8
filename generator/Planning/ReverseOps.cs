using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

// The backward pass as the planner lays it out: one operation per thing the generated code does, in the order it does
// them, with every name resolved. The emitter prints each one (BackwardEmitter); it decides nothing.

internal abstract record ReverseOp;

/// <summary>An argument of a rule or a generated backward: a value or adjoint, <c>ref</c> one, <c>null</c> or a literal.</summary>
internal enum ArgKind
{
    Value,
    ByRef,
    Null,
    Literal,
}

internal sealed record Arg(ArgKind Kind, Ref? Name = null, string Literal = "")
{
    public static Arg Of(Ref name) => new(ArgKind.Value, name);

    public static Arg Reference(Ref name) => new(ArgKind.ByRef, name);

    public static readonly Arg Null = new(ArgKind.Null);

    public string Text => Kind switch
    {
        ArgKind.Value => Name!.Text,
        ArgKind.ByRef => "ref " + Name!.Text,
        ArgKind.Null => "null",
        _ => Literal,
    };
}

/// <summary><c>var local = slot;</c> for every saved value a block's operations read, the values kept as shapes only,
/// and (in the method body) the containers and the scratch.</summary>
internal sealed record LoadSaved(bool MethodBody, EquatableArray<Load> Values, EquatableArray<Load> Shapes, EquatableArray<Load> Containers) : ReverseOp;

internal sealed record Load(Ref Local, Slot From);

/// <summary>A block's adjoints, from zero; in the method body also the discard for scalar adjoints nobody needs.</summary>
internal sealed record DeclareAdjoints(bool MethodBody, EquatableArray<AdjointDeclaration> Adjoints, bool Discard) : ReverseOp;

/// <summary>A tensor adjoint zeroed in its buffer with the shape of <see cref="Shape"/>, or a double from 0.</summary>
internal sealed record AdjointDeclaration(Ref Adjoint, ValueKind Kind, Slot Buffer, Ref Shape);

/// <summary>What a quoted statement heads.</summary>
internal enum QuoteNote
{
    Steps,
    Outputs,
    ReversedLoop,
    BranchTaken,
}

/// <summary>The source statement the following operations reverse, quoted.</summary>
internal sealed record QuoteStatement(int Statement, QuoteNote Note) : ReverseOp;

/// <summary>target += source (tensors through Adjoints.Accumulate).</summary>
internal sealed record AccumulateAdjoint(Ref Target, Ref Source, ValueKind Kind) : ReverseOp;

/// <summary>A primitive's rule: the primitive's arguments, its result, the result's adjoint, one adjoint per
/// differentiable parameter. <see cref="Collected"/> is the argument whose adjoint gets null because a
/// <see cref="CollectProduct"/> follows (−1: none); <see cref="Quoted"/> are then the arguments the quoted formula names,
/// with that adjoint in its place (empty: the arguments themselves).</summary>
internal sealed record ApplyRule(int Step, EquatableArray<Arg> Arguments, int Collected = -1, EquatableArray<Arg> Quoted = default) : ReverseOp;

/// <summary>The weight-gradient term the rule was not asked for, collected for one product per window:
/// <c>scratch.dpWRows.Collect(dp?.W, left, right)</c> (destination += leftᵀ·right, added by <see cref="AddCollected"/>).</summary>
internal sealed record CollectProduct(int Step, CollectedProduct Product, Arg Left, Arg Right) : ReverseOp;

/// <summary>A weight gradient's collector in the scratch and the adjoint it adds to.</summary>
internal sealed record CollectedProduct(Slot Rows, Ref Destination);

/// <summary>After a loop: the products its iterations collected, each added to its gradient as one product.</summary>
internal sealed record AddCollected(EquatableArray<CollectedProduct> Products) : ReverseOp;

/// <summary>A called method's generated backward on the callee tape the forward pass filled.</summary>
internal sealed record ApplyCallBackward(int Step, Slot CalleeTape, EquatableArray<Arg> Arguments) : ReverseOp;

/// <summary>The quote of a scalar or copy step, above the updates that reverse it.</summary>
internal sealed record QuoteStep(int Step) : ReverseOp;

/// <summary>target += source [* times] [/ dividedBy], or −= when <see cref="Subtract"/>: double arithmetic reversed.</summary>
internal sealed record ScalarUpdate(Ref Target, bool Subtract, Ref Source, Ref? Times, Ref? DividedBy) : ReverseOp;

/// <summary>A loop run backwards over its recorded iterations, the last first.</summary>
internal sealed record ReverseLoop(int Loop, EquatableArray<ReverseOp> Body) : ReverseOp;

/// <summary>At the top of a reversed iteration: each carried value's adjoint moves to the value that ended the
/// iteration (when that needs one) and restarts at zero.</summary>
internal sealed record HandOver(EquatableArray<CarriedAdjoint> Carried) : ReverseOp;

internal sealed record CarriedAdjoint(AccumulateAdjoint? Add, AdjointDeclaration Restart);

/// <summary>After a reversed loop: the carried adjoints flow into the values the loop started from.</summary>
internal sealed record LoopEntry(EquatableArray<AccumulateAdjoint> Flows) : ReverseOp;

/// <summary>An if replayed backwards along the branch the forward pass took.</summary>
internal sealed record ReverseBranch(int Branch, EquatableArray<ReverseOp> Then, EquatableArray<ReverseOp> Else) : ReverseOp;

/// <summary>At the top of a reversed branch: the merged values' adjoints flow to the values this branch assigned.</summary>
internal sealed record MergeBack(bool Comment, EquatableArray<AccumulateAdjoint> Flows) : ReverseOp;
