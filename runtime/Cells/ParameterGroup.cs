namespace AutoGradRnn;

/// <summary>
/// Several parameter containers as one: a model's head and each layer's cell weights, for the optimizer, the checkpoint
/// and the checker. Tensor names are the part's prefix and the member's name (<c>Emb</c>, <c>l0.W</c>, <c>l1.W</c>).
/// </summary>
public sealed class ParameterGroup : IParameters
{
    private readonly (string Prefix, IParameters Part)[] _parts;

    public ParameterGroup(params (string Prefix, IParameters Part)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts;
    }

    /// <summary>The part at <paramref name="index"/>, in the order given.</summary>
    public IParameters this[int index] => _parts[index].Part;

    public int Count => _parts.Length;

    public IReadOnlyList<NamedTensor> NamedTensors(string prefix = "")
    {
        var all = new List<NamedTensor>();
        foreach (var (p, part) in _parts) all.AddRange(part.NamedTensors(prefix + p));
        return all;
    }

    public void ZeroAll()
    {
        foreach (var (_, part) in _parts) part.ZeroAll();
    }
}
