namespace AutoGradRnn;

/// <summary>
/// One slot per loop iteration in a generated tape: the forward pass saves a value at its iteration's index and the
/// backward pass reads it there. The storage grows on first use and is kept, so a tape reused for the next window
/// of the same length allocates nothing.
/// </summary>
public sealed class StepBuffer<T>
{
    private T[] _items = new T[8];

    /// <summary>The slot of iteration <paramref name="index"/>, grown to fit.</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_items.Length) Grow(index);
            return ref _items[index];
        }
    }

    /// <summary>The number of slots allocated so far.</summary>
    public int Capacity => _items.Length;

    private void Grow(int index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "An iteration index is never negative.");
        int size = _items.Length;
        while (size <= index) size *= 2;
        Array.Resize(ref _items, size);
    }
}
