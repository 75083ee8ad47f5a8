using AutoGradRnn;

namespace AutoGradRnn.Models.Tasks;

/// <summary>
/// The weights of a task's network over any cell: the task's own head container and each layer's cell weights, as one
/// <see cref="ParameterGroup"/> (head tensors by their names, then <c>l0.…</c>, <c>l1.…</c>), and the split of a gradient
/// group back into its parts, cached so a warm step allocates nothing.
/// </summary>
public sealed class TaskWeights<THead> where THead : class, IParameters
{
    private readonly RecurrentCell _cell;
    private IParameters? _lastGradients;
    private THead? _headGradients;
    private IParameters?[] _layerGradients = [];

    public TaskWeights(RecurrentCell cell, THead head, IParameters[] layers)
    {
        _cell = cell;
        Head = head;
        Layers = layers;
        Group = Make(head, layers);
    }

    public THead Head { get; }

    public IParameters[] Layers { get; }

    public ParameterGroup Group { get; }

    /// <summary>A gradient group: zeros shaped like every part.</summary>
    public ParameterGroup NewGradients(Func<THead, THead> zerosLike) => Make(zerosLike(Head), Layers.Select(_cell.ZerosLike).ToArray());

    /// <summary>The head's and the layers' gradients of a group <see cref="NewGradients"/> made.</summary>
    public (THead Head, IParameters?[] Layers) Parts(IParameters gradients)
    {
        if (!ReferenceEquals(gradients, _lastGradients)) Split(gradients);
        return (_headGradients!, _layerGradients);
    }

    private void Split(IParameters gradients)
    {
        if (gradients is not ParameterGroup group || group.Count != Layers.Length + 1 || group[0] is not THead head)
            throw new ArgumentException($"These gradients were not made by this network's NewGradients ({typeof(THead).Name} and {Layers.Length} layer(s) of {_cell.TypeName}).", nameof(gradients));
        var layers = new IParameters?[Layers.Length];
        for (int l = 0; l < layers.Length; l++) layers[l] = group[l + 1];
        _headGradients = head;
        _layerGradients = layers;
        _lastGradients = gradients;
    }

    private static ParameterGroup Make(IParameters head, IReadOnlyList<IParameters> layers) =>
        new([("", head), .. layers.Select((l, i) => (RecurrentStack.LayerPrefix(i), l))]);
}
