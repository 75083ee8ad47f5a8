namespace AutoGradRnn;

/// <summary>
/// A bidirectional layer: one cell run forward over the window and another (its own weights) run backward over it, their
/// outputs side by side, <c>[T·B, 2H]</c> with step t's row holding <c>[h→_t; h←_t]</c>, where h←_t has read steps
/// T − 1 … t. Each direction is a <see cref="Recurrence"/>; the backward one reads the window's step blocks in reverse
/// order, so both are BPTT through the cell's generated code. For tasks whose every step may see the whole sequence
/// (tagging, classification), not for predicting the next token.
/// </summary>
public sealed class BidirectionalRecurrence
{
    private readonly Recurrence _forward, _backward;
    private Tensor? _reversedInputs, _forwardOutputs, _reversedOutputs, _backwardOutputs, _outputs;
    private Tensor? _dForward, _dBackward, _dReversed, _dReversedInputs;
    private int _batch;

    public BidirectionalRecurrence(RecurrentCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _forward = new Recurrence(cell);
        _backward = new Recurrence(cell);
    }

    public RecurrentCell Cell => _forward.Cell;

    /// <summary>Runs both directions over <paramref name="inputs"/> <c>[T·B, E]</c> from the states given (each read, and
    /// overwritten with the direction's final state) and returns the outputs <c>[T·B, 2H]</c>.</summary>
    public Tensor Forward(IParameters forwardWeights, IParameters backwardWeights, Tensor inputs, ReadOnlySpan<Tensor> forwardState, ReadOnlySpan<Tensor> backwardState)
    {
        _batch = forwardState[0].Shape.Rows;
        _reversedInputs = ReverseSteps(inputs, _batch, _reversedInputs);
        _forwardOutputs = _forward.Forward(forwardWeights, inputs, forwardState, _forwardOutputs);
        _reversedOutputs = _backward.Forward(backwardWeights, _reversedInputs, backwardState, _reversedOutputs);
        _backwardOutputs = ReverseSteps(_reversedOutputs, _batch, _backwardOutputs);
        return _outputs = Ops.Concat(_forwardOutputs, _backwardOutputs, _outputs);
    }

    /// <summary>The backward pass of the last <see cref="Forward"/>: given the outputs' adjoint <c>[T·B, 2H]</c>,
    /// accumulates into <paramref name="dInputs"/> (null: not needed) and each direction's weight gradients.</summary>
    public void Backward(Tensor dOutputs, Tensor? dInputs = null, IParameters? dForwardWeights = null, IParameters? dBackwardWeights = null)
    {
        if (_forwardOutputs is null || _backwardOutputs is null || _outputs is null) throw new InvalidOperationException("BidirectionalRecurrence.Backward needs a Forward first.");
        var dForward = Adjoints.Zeroed(ref _dForward, _forwardOutputs);
        var dBackward = Adjoints.Zeroed(ref _dBackward, _backwardOutputs);
        Ops.ConcatBackward(_forwardOutputs, _backwardOutputs, _outputs, dOutputs, dForward, dBackward);
        _dReversed = ReverseSteps(dBackward, _batch, _dReversed);
        _forward.Backward(dForward, dInputs: dInputs, dWeights: dForwardWeights);
        if (dInputs is null)
        {
            _backward.Backward(_dReversed, dWeights: dBackwardWeights);
            return;
        }
        var dReversedInputs = Adjoints.Zeroed(ref _dReversedInputs, _reversedInputs!);
        _backward.Backward(_dReversed, dInputs: dReversedInputs, dWeights: dBackwardWeights);
        var steps = dInputs.Shape.Rows / _batch;
        for (int t = 0; t < steps; t++) WindowRows.AddRows(dReversedInputs, (steps - 1 - t) * _batch, dInputs, t * _batch, _batch);
    }

    /// <summary>The window with its step blocks of <paramref name="batch"/> rows in reverse order, into <paramref name="into"/>.</summary>
    public static Tensor ReverseSteps(Tensor window, int batch, Tensor? into)
    {
        int rows = window.Shape.Rows;
        if (window.Rank != 2 || batch <= 0 || rows % batch != 0)
            throw new ShapeException("ReverseSteps", $"{window.Shape} is not T blocks of {batch} rows.");
        var reversed = Tensor.Reuse(into, window.DType, window.Shape, zero: false);
        int steps = rows / batch;
        for (int t = 0; t < steps; t++) WindowRows.CopyRows(window, (steps - 1 - t) * batch, reversed, t * batch, batch);
        return reversed;
    }
}
