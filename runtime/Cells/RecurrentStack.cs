namespace AutoGradRnn;

/// <summary>
/// L layers of one cell type, each a <see cref="Recurrence"/> over the whole window: layer 0 reads the inputs
/// <c>[T·B, E]</c>, layer l + 1 reads layer l's outputs <c>[T·B, H]</c>. Running a layer over the whole window before
/// the next is the same computation as the time loop with an inner layer loop, in an order that keeps each layer's
/// weights in cache. The state is the layers' state tensors in order (layer 0's first).
/// </summary>
public sealed class RecurrentStack
{
    private readonly Recurrence[] _layers;
    private readonly Tensor?[] _outputs, _dOutputs;

    public RecurrentStack(RecurrentCell cell, int layers)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), $"A stack needs at least one layer; got {layers}.");
        Cell = cell;
        _layers = new Recurrence[layers];
        for (int l = 0; l < layers; l++) _layers[l] = new Recurrence(cell);
        _outputs = new Tensor?[layers];
        _dOutputs = new Tensor?[layers];
    }

    public RecurrentCell Cell { get; }

    public int Layers => _layers.Length;

    /// <summary>The number of state tensors of the whole stack: layers × the cell's.</summary>
    public int StateCount => Layers * Cell.StateCount;

    /// <summary>The state tensors' names: <c>l0.h</c>, <c>l0.c</c>, <c>l1.h</c>, …</summary>
    public IReadOnlyList<string> StateNames() =>
        Enumerable.Range(0, Layers).SelectMany(l => Cell.StateNames.Select(n => LayerPrefix(l) + n)).ToArray();

    /// <summary>The prefix of layer <paramref name="layer"/>'s weight and state names.</summary>
    public static string LayerPrefix(int layer) => "l" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";

    /// <summary>A zero state for <paramref name="batch"/> streams: every layer's state tensors, each <c>[B, H]</c>.</summary>
    public Tensor[] ZeroState(DType dtype, int batch, int hidden)
    {
        var state = new Tensor[StateCount];
        for (int i = 0; i < state.Length; i++) state[i] = Tensor.Zeros(dtype, batch, hidden);
        return state;
    }

    /// <summary>New weights for every layer: layer 0 reads <paramref name="input"/> features, the others the hidden size.</summary>
    public IParameters[] Initialize(int input, int hidden, DType dtype, Rng rng) =>
        Enumerable.Range(0, Layers).Select(l => Cell.Initialize(new CellSize(l == 0 ? input : hidden, hidden), dtype, rng)).ToArray();

    /// <summary>Runs every layer over the window; <paramref name="state"/> is read and overwritten as in
    /// <see cref="Recurrence.Forward"/>. Returns the last layer's outputs.</summary>
    public Tensor Forward(IReadOnlyList<IParameters> weights, Tensor inputs, ReadOnlySpan<Tensor> state)
    {
        int k = Cell.StateCount;
        if (weights.Count != Layers) throw new ArgumentException($"{Layers} layer(s) need {Layers} weight containers; got {weights.Count}.", nameof(weights));
        if (state.Length != StateCount) throw new ArgumentException($"{Layers} layer(s) of {Cell.TypeName} carry {StateCount} state tensors; got {state.Length}.", nameof(state));
        var x = inputs;
        for (int l = 0; l < Layers; l++)
        {
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("layer", l);
            _outputs[l] = _layers[l].Forward(weights[l], x, state.Slice(l * k, k), _outputs[l]);
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            x = _outputs[l]!;
        }
        return x;
    }

    /// <summary>The backward pass of the last <see cref="Forward"/>, given the last layer's outputs' adjoint: accumulates
    /// into <paramref name="dInputs"/> (null: not needed), each layer's <paramref name="dWeights"/> and, when not empty,
    /// <paramref name="dInitial"/> (one per state tensor).</summary>
    public void Backward(Tensor dOutputs, Tensor? dInputs, IReadOnlyList<IParameters?> dWeights, ReadOnlySpan<Tensor?> dInitial = default, ReadOnlySpan<Tensor?> dFinal = default)
    {
        int k = Cell.StateCount;
        var dy = dOutputs;
        for (int l = Layers - 1; l >= 0; l--)
        {
            Tensor? dx = l == 0 ? dInputs : Adjoints.Zeroed(ref _dOutputs[l - 1], _outputs[l - 1]!);
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("layer", l);
            _layers[l].Backward(dy, dFinal: dFinal.IsEmpty ? default : dFinal.Slice(l * k, k), dInputs: dx, dWeights: dWeights[l],
                dInitial: dInitial.IsEmpty ? default : dInitial.Slice(l * k, k));
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            if (l > 0) dy = dx!;
        }
    }

    /// <summary>The same computation as <see cref="Forward"/> through the cell's own <c>Step</c> as the C# compiler
    /// compiled it (<see cref="RecurrentCell.Evaluate"/>), step by step, allocating as it goes: the reference the
    /// gradient checker differentiates numerically. Reads <paramref name="state"/> without changing it and returns the
    /// last layer's outputs and the final state.</summary>
    public (Tensor Outputs, Tensor[] Final) Reference(IReadOnlyList<IParameters> weights, Tensor inputs, IReadOnlyList<Tensor> state)
    {
        int k = Cell.StateCount, batch = state[0].Shape.Rows, hidden = state[0].Shape.Last;
        int steps = inputs.Shape.Rows / batch;
        var final = new Tensor[StateCount];
        var x = inputs;
        for (int l = 0; l < Layers; l++)
        {
            var current = Enumerable.Range(0, k).Select(i => state[l * k + i].Clone()).ToArray();
            var outputs = Tensor.Zeros(inputs.DType, steps * batch, hidden);
            for (int t = 0; t < steps; t++)
            {
                // A tensor of its own per step: a Step may return its input as a state (return (x, …)), which the next step reads.
                var xt = Tensor.Zeros(inputs.DType, batch, x.Shape.Last);
                WindowRows.Read(x, t * batch, xt);
                var next = new Tensor[k];
                Cell.Evaluate(weights[l], xt, current, next);
                current = next;
                WindowRows.Write(current[0], outputs, t * batch);
            }
            for (int i = 0; i < k; i++) final[l * k + i] = current[i];
            x = outputs;
        }
        return (x, final);
    }
}
