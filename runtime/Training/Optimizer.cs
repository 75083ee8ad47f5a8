using System.Numerics;

namespace AutoGradRnn.Training;

/// <summary>
/// The shared machinery of the optimizers: binding to a parameter list, checking every later call against
/// it without allocating, per-parameter state slots, scratch buffers, and state save/restore.
/// Subclasses implement the element-wise update once for float and once for double. <see cref="Step(IReadOnlyList{NamedTensor}, IReadOnlyList{NamedTensor}, GradientAdjustment)"/> hands each
/// parameter over in chunks of <see cref="ChunkLength"/> elements, so the update's passes (often seven or more
/// <c>TensorPrimitives</c> calls) run over data and scratch that stay in L1 instead of streaming the whole tensor
/// once per pass; an element's arithmetic is the same either way.
/// </summary>
public abstract class Optimizer : IOptimizer
{
    private readonly string[] _slots;
    private string[]? _names;
    private Shape[]? _shapes;
    private DType[]? _dtypes;
    private Tensor[][]? _state; // [slot][parameter]
    private float[] _scratchF1 = [], _scratchF2 = [];
    private double[] _scratchD1 = [], _scratchD2 = [];
    private IReadOnlyList<NamedTensor>? _pendingState;
    private double _learningRate;
    private int _chunkStart, _chunkLength;

    /// <param name="learningRate">The initial learning rate (positive and finite).</param>
    /// <param name="slots">The names of the per-parameter state slots (e.g. <c>memory</c>).</param>
    protected Optimizer(double learningRate, params string[] slots)
    {
        LearningRate = learningRate;
        _slots = slots;
    }

    public abstract string Kind { get; }

    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), $"The learning rate must be finite and non-negative; got {value}.");
            _learningRate = value;
        }
    }

    public long StepCount { get; private set; }

    public abstract IReadOnlyDictionary<string, double> Hyperparameters { get; }

    /// <summary>Whether the optimizer is bound to a parameter list.</summary>
    public bool IsInitialized => _names is not null;

    public void Initialize(IReadOnlyList<NamedTensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (_names is not null)
        {
            CheckBound(parameters);
            return;
        }
        Bind(parameters);
    }

    public void Step(IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> gradients) => Step(parameters, gradients, GradientAdjustment.None);

    /// <summary>Clips or scales each chunk of every gradient in place (<paramref name="adjustment"/>, as a clipping rule
    /// planned it) just before the chunk's update, while the chunk is in L1: the same values as applying the adjustment
    /// to the whole gradients first and then <see cref="Step(IReadOnlyList{NamedTensor}, IReadOnlyList{NamedTensor})"/>,
    /// with one pass over the gradients fewer.</summary>
    public void Step(IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> gradients, GradientAdjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != parameters.Count)
            throw new ArgumentException($"{Kind}: {parameters.Count} parameters but {gradients.Count} gradients.", nameof(gradients));
        if (_names is null) Bind(parameters);
        else CheckBound(parameters);

        StepCount++;
        double lr = LearningRate;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var g = gradients[i];
            if (g.Value is null || (!ReferenceEquals(g.Name, p.Name) && !string.Equals(g.Name, p.Name, StringComparison.Ordinal)))
                throw new ArgumentException($"{Kind}: gradient {i} is named '{g.Name}' but parameter {i} is '{p.Name}'.", nameof(gradients));
            if (g.Value.Shape != p.Value.Shape || g.Value.DType != p.Value.DType)
                throw new ArgumentException($"{Kind}: gradient '{g.Name}' is {g.Value.DType} {g.Value.Shape} but its parameter is {p.Value.DType} {p.Value.Shape}.", nameof(gradients));
            int length = p.Value.Length;
            for (int start = 0; start < length; start += ChunkLength)
            {
                int n = Math.Min(ChunkLength, length - start);
                (_chunkStart, _chunkLength) = (start, n);
                if (p.Value.DType == DType.Float32)
                {
                    var gradient = g.Value.Floats.Slice(start, n);
                    if (!adjustment.IsNone) adjustment.ApplyTo(gradient);
                    Update(i, p.Value.Floats.Slice(start, n), gradient, _scratchF1.AsSpan(0, n), _scratchF2.AsSpan(0, n), lr, StepCount);
                }
                else
                {
                    var gradient = g.Value.Doubles.Slice(start, n);
                    if (!adjustment.IsNone) adjustment.ApplyTo(gradient);
                    Update(i, p.Value.Doubles.Slice(start, n), gradient, _scratchD1.AsSpan(0, n), _scratchD2.AsSpan(0, n), lr, StepCount);
                }
            }
        }
    }

    /// <summary>The most elements <see cref="Update(int, Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, double, long)"/>
    /// is given at once: 2048 (8 KiB of float32 per span). An optimizer whose update needs a whole tensor at once (a norm
    /// over it) returns <see cref="int.MaxValue"/>.</summary>
    protected virtual int ChunkLength => 2048;

    /// <summary>Updates a chunk of parameter <paramref name="index"/> (float32): the parameter, gradient and scratch spans are
    /// that chunk's, and so is <see cref="State{T}"/> during the call.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch1, Span<float> scratch2, double learningRate, long step);

    /// <summary>Updates a chunk of parameter <paramref name="index"/> (float64), as the float32 overload.</summary>
    protected abstract void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> scratch1, Span<double> scratch2, double learningRate, long step);

    /// <summary>The storage of state slot <paramref name="slot"/> for parameter <paramref name="index"/>: inside
    /// <c>Update</c>, the current chunk's part of it.</summary>
    protected Span<T> State<T>(int slot, int index) where T : unmanaged => _state![slot][index].Span<T>().Slice(_chunkStart, _chunkLength);

    public IReadOnlyList<NamedTensor> GetState()
    {
        // Loaded but not yet bound: the loaded tensors are the state, so a checkpoint written before the first
        // step (a resume with nothing left to train) keeps them instead of silently dropping them.
        if (_names is null) return _slots.Length == 0 ? [] : _pendingState ?? [];
        if (_slots.Length == 0) return [];
        var list = new List<NamedTensor>(_slots.Length * _names.Length);
        for (int s = 0; s < _slots.Length; s++)
        {
            for (int i = 0; i < _names.Length; i++) list.Add(new NamedTensor(_slots[s] + "." + _names[i], _state![s][i]));
        }
        return list;
    }

    public void LoadState(IReadOnlyList<NamedTensor> state, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        if (_names is null)
        {
            if (_slots.Length == 0 && state.Count > 0)
                throw new ArgumentException($"{Kind} keeps no state, but {state.Count} state tensors were given (first: '{state[0].Name}').", nameof(state));
            _pendingState = state;
        }
        else
        {
            CopyState(state);
        }
        StepCount = stepCount;
    }

    private void Bind(IReadOnlyList<NamedTensor> parameters)
    {
        int count = parameters.Count;
        var names = new string[count];
        var shapes = new Shape[count];
        var dtypes = new DType[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int maxF = 0, maxD = 0;
        for (int i = 0; i < count; i++)
        {
            var p = parameters[i];
            if (p.Value is null) throw new ArgumentException($"{Kind}: parameter {i} ('{p.Name}') has no tensor.", nameof(parameters));
            if (string.IsNullOrEmpty(p.Name)) throw new ArgumentException($"{Kind}: parameter {i} has no name.", nameof(parameters));
            if (!seen.Add(p.Name)) throw new ArgumentException($"{Kind}: two parameters are named '{p.Name}'.", nameof(parameters));
            names[i] = p.Name;
            shapes[i] = p.Value.Shape;
            dtypes[i] = p.Value.DType;
            if (p.Value.DType == DType.Float32) maxF = Math.Max(maxF, p.Value.Length);
            else maxD = Math.Max(maxD, p.Value.Length);
        }
        var state = new Tensor[_slots.Length][];
        for (int s = 0; s < _slots.Length; s++)
        {
            state[s] = new Tensor[count];
            for (int i = 0; i < count; i++) state[s][i] = Tensor.ZerosLike(parameters[i].Value);
        }
        _names = names;
        _shapes = shapes;
        _dtypes = dtypes;
        _state = state;
        _scratchF1 = new float[Math.Min(maxF, ChunkLength)];
        _scratchF2 = new float[Math.Min(maxF, ChunkLength)];
        _scratchD1 = new double[Math.Min(maxD, ChunkLength)];
        _scratchD2 = new double[Math.Min(maxD, ChunkLength)];
        if (_pendingState is { } pending)
        {
            _pendingState = null;
            try
            {
                CopyState(pending);
            }
            catch
            {
                _names = null;
                _state = null;
                _pendingState = pending;
                throw;
            }
        }
    }

    private void CheckBound(IReadOnlyList<NamedTensor> parameters)
    {
        var names = _names!;
        if (parameters.Count != names.Length)
            throw new ArgumentException($"{Kind} was set up for {names.Length} parameters; got {parameters.Count}.", nameof(parameters));
        for (int i = 0; i < names.Length; i++)
        {
            var p = parameters[i];
            if (p.Value is null || (!ReferenceEquals(p.Name, names[i]) && !string.Equals(p.Name, names[i], StringComparison.Ordinal)))
                throw new ArgumentException($"{Kind} was set up with parameter {i} named '{names[i]}'; got '{p.Name}'.", nameof(parameters));
            if (p.Value.Shape != _shapes![i] || p.Value.DType != _dtypes![i])
                throw new ArgumentException($"{Kind} was set up with '{names[i]}' as {_dtypes![i]} {_shapes![i]}; got {p.Value.DType} {p.Value.Shape}.", nameof(parameters));
        }
    }

    private void CopyState(IReadOnlyList<NamedTensor> state)
    {
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in state)
        {
            if (t.Value is null) throw new ArgumentException($"{Kind}: state tensor '{t.Name}' has no tensor.", nameof(state));
            if (!byName.TryAdd(t.Name, t.Value)) throw new ArgumentException($"{Kind}: state tensor '{t.Name}' is given twice.", nameof(state));
        }
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int s = 0; s < _slots.Length; s++)
        {
            for (int i = 0; i < _names!.Length; i++)
            {
                string name = _slots[s] + "." + _names[i];
                expected.Add(name);
                if (!byName.TryGetValue(name, out var source))
                    throw new ArgumentException($"{Kind}: the state tensor '{name}' is missing.", nameof(state));
                if (source.Shape != _shapes![i])
                    throw new ArgumentException($"{Kind}: the state tensor '{name}' has shape {source.Shape}; its parameter has shape {_shapes[i]}.", nameof(state));
            }
        }
        foreach (var name in byName.Keys)
        {
            if (!expected.Contains(name))
                throw new ArgumentException($"{Kind}: unexpected state tensor '{name}' (expected slots {string.Join(", ", _slots)} of the bound parameters).", nameof(state));
        }
        for (int s = 0; s < _slots.Length; s++)
        {
            for (int i = 0; i < _names!.Length; i++) _state![s][i].CopyFrom(byName[_slots[s] + "." + _names[i]]);
        }
    }

    /// <summary>Converts a double hyper-parameter to the element type.</summary>
    protected static T Cast<T>(double value) where T : IFloatingPointIeee754<T> => T.CreateTruncating(value);
}
