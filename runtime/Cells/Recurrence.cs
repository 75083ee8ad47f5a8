namespace AutoGradRnn;

/// <summary>
/// One recurrent layer: a cell run over a window of T steps, forward and backward through time (BPTT). The window's
/// inputs and outputs are time-major row blocks, <c>[T·B, F]</c> with step t in rows <c>t·B … t·B + B − 1</c>, so the
/// work that does not depend on the carried state (an embedding before, an output layer and loss after) runs once over
/// all T·B rows; only the cell's own step runs per step, through its generated forward and backward.
/// </summary>
/// <remarks>
/// <para>Forward keeps one cell tape per step and the state entering each step; backward walks the steps in reverse,
/// adding the output's adjoint of step t to the adjoint of the state after it, and hands the cell's generated backward
/// the tape of that step. Its buffers are reused, so a warm window allocates nothing.</para>
/// <para>A cell with a window form (<see cref="RecurrentCell.HasWindowForm"/>, generated from a straight-line Step) runs
/// as two parts instead: its <c>StepInputs</c> once over all T·B rows (the products of the input and the weights, one
/// per window), then its <c>StepRecurrent</c> per step on that step's B rows of their values; backward, the steps in
/// reverse write their values' adjoints into row blocks of window adjoints, and one <c>StepInputs</c> backward over all
/// rows then makes the input weights' gradient and the inputs' adjoint one product each.</para>
/// <para>The initial state is copied in (the caller's tensors may change before the backward) and the final state
/// copied out into the caller's tensors.</para>
/// </remarks>
public sealed class Recurrence
{
    private readonly List<object> _tapes = [];
    private readonly List<Tensor> _inputs = [];
    private readonly List<Tensor[]> _states = []; // _states[t]: the state entering step t; _states[0] is our copy of the initial state
    private Tensor?[] _dNext = [], _dCurrent = [];
    private Tensor? _dx;
    private int _steps, _batch;
    private bool _ranWindowed;
    private readonly bool _windowed;
    private readonly bool[] _rows = [];
    private readonly bool[] _read = [];               // whether the recurrent part's backward reads a value's elements
    private readonly Tensor?[] _shared = [];           // one step's rows of a row value no backward reads, for every step
    private object? _inputsTape;
    private Tensor? _window;                           // our copy of the window's inputs, which the input part's tape reads
    private readonly Tensor[] _values = [];            // the window form's values over the whole window
    private readonly List<Tensor[]> _stepValues = [];  // _stepValues[t]: what step t takes (its rows, or a whole value)
    private readonly Tensor?[] _dValues = [], _dStepValues = [];

    public Recurrence(RecurrentCell cell)
    {
        Cell = cell ?? throw new ArgumentNullException(nameof(cell));
        _windowed = cell.HasWindowForm;
        _rows = [.. cell.WindowValueRows];
        _read = [.. cell.WindowValuesRead];
        _shared = new Tensor?[_rows.Length];
        _values = new Tensor[_rows.Length];
        _dValues = new Tensor?[_rows.Length];
        _dStepValues = new Tensor?[_rows.Length];
    }

    /// <summary>Whether the cell has a window form, which this recurrence runs (its generated <c>StepInputs</c> once over the
    /// window's rows, its <c>StepRecurrent</c> per step) from <see cref="WindowFormMinBatch"/> streams up, rather than its
    /// whole step per step.</summary>
    public bool Windowed => _windowed;

    /// <summary>Whether the last forward pass ran the window form.</summary>
    public bool RanWindowed => _ranWindowed;

    /// <summary>The least batch the window form runs at; <see cref="DefaultWindowFormMinBatch"/> unless set.</summary>
    public int WindowFormMinBatch { get; init; } = DefaultWindowFormMinBatch;

    /// <summary>
    /// The least batch a new recurrence runs a cell's window form at: <see cref="int.MaxValue"/>, never, by default. Measured
    /// on the 2-core Zen 5 machine (2026-12-06, bench alternated three or four times, tokens/s), the window form was slower
    /// than the per-step form everywhere: lstm-h100-b32 178k–251k against 224k–282k, lstm-h256-b32 57k–63k against
    /// 62k–75k, ptb-small 9.1k–9.9k against 9.3k–11.3k, and at batch 1 lstm-h100-b1 83.6k/91.1k against 101.7k/97.9k.
    /// The product it moves out of the loop has few columns of W (E of E + H) and does not run faster over T·B rows, while
    /// the values it hands each step cost passes over [B, 4H] the fused per-step product did not make (a copy of the step's
    /// rows, the addition of the two products, the bias over the window, and the same backward). Set it to 2 to run the
    /// window form from batch 2 (the tests do, so both forms stay checked).
    /// </summary>
    public static int DefaultWindowFormMinBatch { get; set; } = int.MaxValue;

    public RecurrentCell Cell { get; }

    /// <summary>The number of steps the last forward pass ran.</summary>
    public int Steps => _steps;

    /// <summary>Runs the cell over the window: <paramref name="inputs"/> <c>[T·B, E]</c>, <paramref name="state"/> one
    /// <c>[B, H]</c> tensor per state tensor, read as the state before the window and overwritten with the state after
    /// it. Returns the outputs (each step's first state tensor) <c>[T·B, H]</c> in <paramref name="into"/> when it fits.</summary>
    public Tensor Forward(IParameters weights, Tensor inputs, ReadOnlySpan<Tensor> state, Tensor? into = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(inputs);
        int k = Cell.StateCount;
        if (state.Length != k)
            throw new ArgumentException($"{Cell.TypeName} carries {k} state tensor(s) ({string.Join(", ", Cell.StateNames)}); got {state.Length}.", nameof(state));
        int batch = state[0].Shape.Rows, hidden = state[0].Shape.Last, rows = inputs.Shape.Rows;
        if (inputs.Rank != 2 || rows % batch != 0 || rows == 0)
            throw new ShapeException("Recurrence.Forward", $"inputs {inputs.Shape} are not T blocks of {batch} rows (the state's batch).");
        int steps = rows / batch;
        Prepare(steps, batch, inputs, state);
        var outputs = Tensor.Reuse(into, inputs.DType, new Shape(rows, hidden), zero: false);
        if (_ranWindowed)
        {
            ForwardWindowed(weights, inputs, outputs);
            for (int i = 0; i < k; i++) state[i].CopyFrom(_states[steps][i]);
            return outputs;
        }
        for (int t = 0; t < steps; t++)
        {
            WindowRows.Read(inputs, t * batch, _inputs[t]);
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("t", t); // the step an anomaly in the cell is reported at
            Cell.Forward(weights, _inputs[t], _states[t], _states[t + 1], _tapes[t]);
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            WindowRows.Write(_states[t + 1][0], outputs, t * batch);
        }
        for (int i = 0; i < k; i++) state[i].CopyFrom(_states[steps][i]);
        return outputs;
    }

    /// <summary>The backward pass of the last <see cref="Forward"/>: given the outputs' adjoint <paramref name="dOutputs"/>
    /// <c>[T·B, H]</c> (or null) and the final state's adjoints <paramref name="dFinal"/> (empty, or one per state tensor,
    /// null entries skipped), accumulates (+=) into <paramref name="dInputs"/> <c>[T·B, E]</c>, <paramref name="dWeights"/>
    /// and <paramref name="dInitial"/> (each skipped when null or empty). When given, <paramref name="outputAdjoints"/>
    /// <c>[T·B, H]</c> receives each step's whole ∂L/∂h_t: the adjoint of the step's output from the loss and from every
    /// later step (what the <c>exploding</c> experiment measures).</summary>
    /// <remarks>Every adjoint after <paramref name="dOutputs"/> is optional: name the ones you pass,
    /// <c>Backward(dOutputs, dInputs: dx, dWeights: gradients)</c>.</remarks>
    public void Backward(Tensor? dOutputs, ReadOnlySpan<Tensor?> dFinal = default, Tensor? dInputs = null, IParameters? dWeights = null,
        ReadOnlySpan<Tensor?> dInitial = default, Tensor? outputAdjoints = null)
    {
        if (_steps == 0) throw new InvalidOperationException("Recurrence.Backward needs a Forward first.");
        int k = Cell.StateCount;
        for (int i = 0; i < k; i++)
        {
            Adjoints.Zeroed(ref _dNext[i], _states[0][i]);
            if (i < dFinal.Length) Adjoints.Accumulate(_dNext[i], dFinal[i]);
        }
        if (_ranWindowed)
        {
            BackwardWindowed(dOutputs, dInputs, dWeights, outputAdjoints);
            for (int i = 0; i < k && i < dInitial.Length; i++) Adjoints.Accumulate(dInitial[i], _dNext[i]);
            return;
        }
        for (int t = _steps - 1; t >= 0; t--)
        {
            if (dOutputs is not null) WindowRows.Add(dOutputs, t * _batch, _dNext[0]!);
            if (outputAdjoints is not null) WindowRows.Write(_dNext[0]!, outputAdjoints, t * _batch);
            for (int i = 0; i < k; i++) Adjoints.Zeroed(ref _dCurrent[i], _states[0][i]);
            Tensor? dx = dInputs is null ? null : Adjoints.Zeroed(ref _dx, _inputs[t]);
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("t", t);
            Cell.BackwardInWindow(_tapes[t], _dNext, dx, dWeights, _dCurrent);
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            if (dx is not null) WindowRows.AddTo(dx, dInputs!, t * _batch);
            (_dNext, _dCurrent) = (_dCurrent, _dNext);
        }
        // The weight gradients the steps collected (their tapes share one scratch), each as one product over the window.
        Cell.AddWindowGradients(_tapes[0]);
        for (int i = 0; i < k && i < dInitial.Length; i++) Adjoints.Accumulate(dInitial[i], _dNext[i]);
    }

    /// <summary>The window form's forward: the input part once over all rows, then the recurrent part per step on that
    /// step's rows of each row value (copied into buffers of its own, which its tape keeps) and the weight-only values whole.</summary>
    private void ForwardWindowed(IParameters weights, Tensor inputs, Tensor outputs)
    {
        _inputsTape ??= Cell.NewInputsTape();
        _window = Tensor.Reuse(_window, inputs.DType, inputs.Shape, zero: false);
        _window.CopyFrom(inputs);
        Cell.InputsForward(weights, _window, _values, _inputsTape);
        for (int t = 0; t < _steps; t++)
        {
            var values = _stepValues[t];
            for (int i = 0; i < values.Length; i++)
            {
                if (!_rows[i])
                {
                    values[i] = _values[i];
                    continue;
                }
                var shape = new Shape(_batch, _values[i].Shape.Last);
                if (_read[i]) values[i] = Tensor.Reuse(values[i], _values[i].DType, shape, zero: false); // its own, kept for the backward
                else values[i] = _shared[i] = Tensor.Reuse(_shared[i], _values[i].DType, shape, zero: false);
                WindowRows.Read(_values[i], t * _batch, values[i]);
            }
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("t", t);
            Cell.RecurrentForward(weights, values, _states[t], _states[t + 1], _tapes[t]);
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            WindowRows.Write(_states[t + 1][0], outputs, t * _batch);
        }
    }

    /// <summary>The window form's backward: the recurrent part per step in reverse, each row value's adjoint written into
    /// its rows of the window's adjoint and each weight-only value's accumulated whole; then the input part's backward
    /// once over all rows.</summary>
    private void BackwardWindowed(Tensor? dOutputs, Tensor? dInputs, IParameters? dWeights, Tensor? outputAdjoints)
    {
        int k = Cell.StateCount;
        for (int i = 0; i < _values.Length; i++) Adjoints.Zeroed(ref _dValues[i], _values[i]);
        for (int t = _steps - 1; t >= 0; t--)
        {
            if (dOutputs is not null) WindowRows.Add(dOutputs, t * _batch, _dNext[0]!);
            if (outputAdjoints is not null) WindowRows.Write(_dNext[0]!, outputAdjoints, t * _batch);
            for (int i = 0; i < k; i++) Adjoints.Zeroed(ref _dCurrent[i], _states[0][i]);
            var values = _stepValues[t];
            for (int i = 0; i < values.Length; i++)
            {
                if (_rows[i]) Adjoints.Zeroed(ref _dStepValues[i], values[i]);
                else _dStepValues[i] = _dValues[i];
            }
            if (AnomalyMode.Enabled) AnomalyIterations.Enter("t", t);
            Cell.RecurrentBackward(_tapes[t], _dNext, _dStepValues, dWeights, _dCurrent);
            if (AnomalyMode.Enabled) AnomalyIterations.Leave();
            for (int i = 0; i < values.Length; i++)
                if (_rows[i]) WindowRows.Write(_dStepValues[i]!, _dValues[i]!, t * _batch);
            (_dNext, _dCurrent) = (_dCurrent, _dNext);
        }
        // The weight gradients the steps collected (the weight-only values' adjoints too), before the input part reads them.
        Cell.AddWindowGradients(_tapes[0]);
        if (dInputs is not null || dWeights is not null) Cell.InputsBackward(_inputsTape!, _dValues, dInputs, dWeights);
    }

    private void Prepare(int steps, int batch, Tensor inputs, ReadOnlySpan<Tensor> state)
    {
        int k = Cell.StateCount, features = inputs.Shape.Last;
        if (_dNext.Length != k)
        {
            _dNext = new Tensor?[k];
            _dCurrent = new Tensor?[k];
        }
        bool windowed = _windowed && batch >= WindowFormMinBatch;
        if (windowed != _ranWindowed) _tapes.Clear(); // the two forms' tapes differ
        _ranWindowed = windowed;
        while (_tapes.Count < steps)
            _tapes.Add(windowed ? Cell.NewRecurrentTape(_tapes.Count == 0 ? null : _tapes[0]) : _tapes.Count == 0 ? Cell.NewTape() : Cell.NewTape(_tapes[0]));
        while (_stepValues.Count < steps) _stepValues.Add(new Tensor[_values.Length]);
        while (_states.Count < steps + 1) _states.Add(new Tensor[k]);
        var shape = new Shape(batch, features);
        for (int t = 0; t < steps && !windowed; t++)
        {
            if (t == _inputs.Count) _inputs.Add(Tensor.Zeros(inputs.DType, shape));
            else if (!_inputs[t].Fits(inputs.DType, shape)) _inputs[t] = Tensor.Zeros(inputs.DType, shape);
        }
        var initial = _states[0];
        for (int i = 0; i < k; i++)
        {
            initial[i] = Tensor.Reuse(initial[i], state[i].DType, state[i].Shape, zero: false);
            initial[i].CopyFrom(state[i]);
        }
        _steps = steps;
        _batch = batch;
    }
}
