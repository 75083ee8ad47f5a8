namespace AutoGradRnn;

/// <summary>
/// Tensors that hold only a shape. A generated tape keeps one in place of a value whose rule reads only its shape and
/// element type (<see cref="RuleReadsAttribute"/>): the backward pass gets a tensor of the right shape for its checks
/// and for sizing adjoints, and the window's memory holds no copy of the value. Reaching the storage of one (a span,
/// an element, a copy, a fill) throws, so a rule that reads what it declared it does not read fails loudly instead of
/// reading stale numbers.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Whether this tensor holds only a shape and an element type, and no elements.</summary>
    public bool IsShapeOnly => _f is null && _d is null;

    /// <summary>A tensor with the shape and element type of <paramref name="like"/> and no storage: <paramref name="reuse"/>
    /// when it is already such a tensor (so a warm tape allocates nothing), else a new one.</summary>
    public static Tensor ShapeOnly(Tensor like, Tensor? reuse)
    {
        ArgumentNullException.ThrowIfNull(like);
        if (reuse is { IsShapeOnly: true } && reuse.DType == like.DType && reuse.Shape == like.Shape) return reuse;
        return new Tensor(like.DType, like.Shape, null, null);
    }

    /// <summary>The error of reaching the storage of a tensor that has none.</summary>
    private InvalidOperationException NoStorage() =>
        new($"This {DType} tensor of shape {Shape} holds only a shape: the tape kept no values for it because the rule it was "
            + "kept for declared ([RuleReads]) that it reads only its shape. A rule that reads its values must name it in [RuleReads].");
}
