namespace AutoGradRnn;

/// <summary>
/// Lets a generated tape be reused across calls whose arguments are its own earlier results, as in truncated
/// BPTT where a window starts from the state the previous window returned. The results live in the tape's
/// buffers, which a later forward pass overwrites; an argument that is one of them is first copied into a buffer
/// of its own, so the backward pass still reads the value the forward pass started from.
/// </summary>
public static class TapeReuse
{
    /// <summary>Returns <paramref name="argument"/>, or a copy kept in <paramref name="kept"/> when it is a tensor this
    /// tape has returned (<paramref name="returned"/>).</summary>
    public static Tensor Keep(Tensor argument, TapeOutputs returned, ref Tensor? kept)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentNullException.ThrowIfNull(returned);
        if (!returned.Contains(argument) || ReferenceEquals(argument, kept)) return argument;
        kept = Tensor.Reuse(kept, argument.DType, argument.Shape, zero: false);
        kept.CopyFrom(argument);
        return kept;
    }
}

/// <summary>Every tensor a tape has returned from a forward pass (its buffers, which later passes overwrite). The
/// list grows only when a pass returns a buffer it has not returned before, so a warm tape allocates nothing.</summary>
public sealed class TapeOutputs
{
    private Tensor[] _tensors = new Tensor[4];
    private int _count;

    public int Count => _count;

    /// <summary>Adds <paramref name="tensor"/> unless it is already there.</summary>
    public void Remember(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (Contains(tensor)) return;
        if (_count == _tensors.Length) Array.Resize(ref _tensors, _count * 2);
        _tensors[_count++] = tensor;
    }

    public bool Contains(Tensor tensor)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_tensors[i], tensor)) return true;
        }
        return false;
    }
}
