namespace AutoGradRnn;

/// <summary>
/// A cell type as a value: what the recurrence, the tasks, the trainer and the command line hold to run a cell they
/// were not compiled against. <see cref="Of{TCell}"/> makes one from a type implementing
/// <see cref="IRecurrentCell{TSelf}"/>; each member forwards to the type's static members, so a step costs one
/// virtual call, never one per primitive. No reflection: AOT-safe.
/// </summary>
public abstract class RecurrentCell
{
    private protected RecurrentCell() { }

    /// <summary>The handle of <typeparamref name="TCell"/>.</summary>
    public static RecurrentCell Of<TCell>() where TCell : IRecurrentCell<TCell> => CellHandle<TCell>.Instance;

    /// <summary>The cell type's name (for messages).</summary>
    public abstract string TypeName { get; }

    /// <inheritdoc cref="IRecurrentCell{TSelf}.StateNames"/>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>The number of state tensors.</summary>
    public int StateCount => StateNames.Count;

    /// <inheritdoc cref="IRecurrentCell{TSelf}.GeneratedFile"/>
    public abstract string GeneratedFile { get; }

    /// <inheritdoc cref="IRecurrentCell{TSelf}.Initialize"/>
    public abstract IParameters Initialize(CellSize size, DType dtype, Rng rng);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.ZerosLike"/>
    public abstract IParameters ZerosLike(IParameters weights);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.AddForgetBias"/>
    public abstract bool AddForgetBias(IParameters weights, double bias);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.NewTape()"/>
    public abstract object NewTape();

    /// <inheritdoc cref="IRecurrentCell{TSelf}.NewTape(object)"/>
    public abstract object NewTape(object sibling);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.Forward"/>
    public abstract void Forward(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.Backward"/>
    public abstract void Backward(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.BackwardInWindow"/>
    public abstract void BackwardInWindow(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.AddWindowGradients"/>
    public abstract void AddWindowGradients(object tape);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.WindowValueRows"/>
    public abstract IReadOnlyList<bool> WindowValueRows { get; }

    /// <inheritdoc cref="IRecurrentCell{TSelf}.WindowValuesRead"/>
    public abstract IReadOnlyList<bool> WindowValuesRead { get; }

    /// <summary>Whether the cell has a window form (<see cref="WindowValueRows"/> is not empty).</summary>
    public bool HasWindowForm => WindowValueRows.Count > 0;

    /// <summary>How far a recurrence over this cell may lie from the cell's own <c>Step</c> run step by step, relative to
    /// max(1, |value|), for the float64 checker: 0 without a window form (the same primitives in the same order); with
    /// one, 1e-12, since the window form adds the products of a weight's column blocks and the bias in another order.</summary>
    public double ForwardTolerance => HasWindowForm ? 1e-12 : 0;

    /// <inheritdoc cref="IRecurrentCell{TSelf}.NewInputsTape"/>
    public abstract object NewInputsTape();

    /// <inheritdoc cref="IRecurrentCell{TSelf}.InputsForward"/>
    public abstract void InputsForward(IParameters weights, Tensor inputs, Span<Tensor> values, object tape);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.InputsBackward"/>
    public abstract void InputsBackward(object tape, ReadOnlySpan<Tensor?> dValues, Tensor? dInputs, IParameters? dWeights);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.NewRecurrentTape"/>
    public abstract object NewRecurrentTape(object? sibling);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.RecurrentForward"/>
    public abstract void RecurrentForward(IParameters weights, ReadOnlySpan<Tensor> values, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.RecurrentBackward"/>
    public abstract void RecurrentBackward(object tape, ReadOnlySpan<Tensor?> dNext, ReadOnlySpan<Tensor?> dValues, IParameters? dWeights, ReadOnlySpan<Tensor?> dState);

    /// <inheritdoc cref="IRecurrentCell{TSelf}.Evaluate"/>
    public abstract void Evaluate(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next);

    public override string ToString() => TypeName;
}

internal sealed class CellHandle<TCell> : RecurrentCell where TCell : IRecurrentCell<TCell>
{
    public static readonly CellHandle<TCell> Instance = new();

    private readonly IReadOnlyList<string> _stateNames = TCell.StateNames.ToArray();

    public override string TypeName => typeof(TCell).Name;

    public override IReadOnlyList<string> StateNames => _stateNames;

    public override string GeneratedFile => TCell.GeneratedFile;

    public override IParameters Initialize(CellSize size, DType dtype, Rng rng)
    {
        if (size.Input <= 0 || size.Hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"{TypeName}: the input and hidden sizes must be positive; got {size.Input} and {size.Hidden}.");
        return TCell.Initialize(size, dtype, rng) ?? throw new InvalidOperationException($"{TypeName}.Initialize returned null.");
    }

    public override IParameters ZerosLike(IParameters weights) => TCell.ZerosLike(weights);

    public override bool AddForgetBias(IParameters weights, double bias) => TCell.AddForgetBias(weights, bias);

    public override object NewTape() => TCell.NewTape();

    public override object NewTape(object sibling) => TCell.NewTape(sibling);

    public override void Forward(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape) =>
        TCell.Forward(weights, x, state, next, tape);

    public override void Backward(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState) =>
        TCell.Backward(tape, dNext, dx, dWeights, dState);

    public override void BackwardInWindow(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState) =>
        TCell.BackwardInWindow(tape, dNext, dx, dWeights, dState);

    public override void AddWindowGradients(object tape) => TCell.AddWindowGradients(tape);

    public override void Evaluate(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next) =>
        TCell.Evaluate(weights, x, state, next);

    private readonly IReadOnlyList<bool> _windowValueRows = TCell.WindowValueRows.ToArray();

    public override IReadOnlyList<bool> WindowValueRows => _windowValueRows;

    private readonly IReadOnlyList<bool> _windowValuesRead = TCell.WindowValuesRead.ToArray();

    public override IReadOnlyList<bool> WindowValuesRead => _windowValuesRead;

    public override object NewInputsTape() => TCell.NewInputsTape();

    public override void InputsForward(IParameters weights, Tensor inputs, Span<Tensor> values, object tape) => TCell.InputsForward(weights, inputs, values, tape);

    public override void InputsBackward(object tape, ReadOnlySpan<Tensor?> dValues, Tensor? dInputs, IParameters? dWeights) =>
        TCell.InputsBackward(tape, dValues, dInputs, dWeights);

    public override object NewRecurrentTape(object? sibling) => TCell.NewRecurrentTape(sibling);

    public override void RecurrentForward(IParameters weights, ReadOnlySpan<Tensor> values, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape) =>
        TCell.RecurrentForward(weights, values, state, next, tape);

    public override void RecurrentBackward(object tape, ReadOnlySpan<Tensor?> dNext, ReadOnlySpan<Tensor?> dValues, IParameters? dWeights, ReadOnlySpan<Tensor?> dState) =>
        TCell.RecurrentBackward(tape, dNext, dValues, dWeights, dState);
}
