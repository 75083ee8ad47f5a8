namespace AutoGradRnn;

/// <summary>
/// Lets a generated tape be reused across calls whose arguments are its own previous results, as in truncated
/// BPTT where a window starts from the state the previous window returned. The results live in the tape's
/// buffers, which the next forward pass overwrites; an argument that is one of them is first copied into a buffer
/// of its own, so the backward pass still reads the value the forward pass started from.
/// </summary>
public static class TapeReuse
{
    /// <summary>Returns <paramref name="argument"/>, or a copy kept in <paramref name="kept"/> when it is one of the
    /// tensors in <paramref name="returned"/> (what this tape returned from its previous forward pass).</summary>
    public static Tensor Keep(Tensor argument, Tensor?[] returned, ref Tensor? kept)
    {
        ArgumentNullException.ThrowIfNull(argument);
        bool owned = false;
        foreach (var r in returned) owned |= ReferenceEquals(r, argument);
        if (!owned || ReferenceEquals(argument, kept)) return argument;
        kept = Tensor.Reuse(kept, argument.DType, argument.Shape, zero: false);
        kept.CopyFrom(argument);
        return kept;
    }
}
