namespace AutoGradRnn;

/// <summary>
/// A recurrent cell: the whole contract between a cell and everything that runs one (the recurrence over a window,
/// stacked layers, the tasks, the trainer, the command line). A cell is a <c>partial</c> class that implements this
/// interface with itself as <typeparamref name="TSelf"/> and writes three things:
/// <list type="bullet">
/// <item>its weights, as a <c>[Parameters]</c> class;</item>
/// <item><see cref="Initialize"/>: its default weights for the given sizes;</item>
/// <item>a <c>[Differentiable]</c> static method <c>Step(Weights p, Tensor x, Tensor h, …)</c> that returns the next
/// state: a <c>Tensor</c> for one state tensor, or a tuple of tensors in the order of the parameters after
/// <c>x</c> (for an LSTM, <c>(Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)</c>).</item>
/// </list>
/// The generator implements every other member from that <c>Step</c>: no reflection, no virtual call per
/// primitive. The state tensors are <c>[B, Hidden]</c>, named after <c>Step</c>'s parameters; the first is the
/// cell's output (what a layer above or a task's head reads).
/// </summary>
public interface IRecurrentCell<TSelf> where TSelf : IRecurrentCell<TSelf>
{
    /// <summary>New weights for <paramref name="size"/> (written by the cell's author).</summary>
    static abstract IParameters Initialize(CellSize size, DType dtype, Rng rng);

    /// <summary>Adds <paramref name="bias"/> to the biases of the cell's forget gate, for a cell that has one (Gers et al.
    /// 2000: a bias of 1 keeps the memory at first); returns false for a cell without one. Optional: by default there is
    /// no forget gate.</summary>
    static virtual bool AddForgetBias(IParameters weights, double bias) => false;

    /// <summary>The state tensors' names in the order <c>Step</c> takes and returns them (generated).</summary>
    static abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>The hint name of the generated file holding <c>Step</c>'s backward, as <c>show</c> finds it (generated).</summary>
    static abstract string GeneratedFile { get; }

    /// <summary>Zeros shaped like <paramref name="weights"/>: a gradient container (generated).</summary>
    static abstract IParameters ZerosLike(IParameters weights);

    /// <summary>A new tape for one step: what <see cref="Forward"/> saves for <see cref="Backward"/> (generated).</summary>
    static abstract object NewTape();

    /// <summary>A new tape for one more step of the window <paramref name="sibling"/> records a step of: it shares the
    /// sibling's scratch (the buffers no backward pass reads), so a window's tapes hold only what the backward pass
    /// reads (generated). By default, a tape of its own.</summary>
    static virtual object NewTape(object sibling) => TSelf.NewTape();

    /// <summary>One step of the generated forward: writes the next state into <paramref name="next"/> (tensors owned by
    /// <paramref name="tape"/>, overwritten by its next use) (generated).</summary>
    static abstract void Forward(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape);

    /// <summary>The generated backward of the step <paramref name="tape"/> recorded: given the adjoints of the next state,
    /// accumulates (+=) into <paramref name="dx"/>, <paramref name="dWeights"/> and <paramref name="dState"/> (a null
    /// adjoint is skipped) (generated).</summary>
    static abstract void Backward(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState);

    /// <summary><see cref="Backward"/> for one step of a window, the last step first: the same, except that a weight
    /// gradient made of one transposed product per step (dW += dyᵀ·x) may be collected on the tape's scratch instead of
    /// added; <see cref="AddWindowGradients"/>, once the backward pass has reached the window's first step, adds what every step collected as one
    /// product. The tapes of the window must share one scratch (<see cref="NewTape(object)"/>). By default,
    /// <see cref="Backward"/> (generated when Step's backward collects).</summary>
    static virtual void BackwardInWindow(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState) =>
        TSelf.Backward(tape, dNext, dx, dWeights, dState);

    /// <summary>Adds the weight gradients <see cref="BackwardInWindow"/> or <see cref="RecurrentBackward"/> collected on the
    /// tapes that share <paramref name="tape"/>'s scratch, each as one product. By default, nothing (generated when a
    /// backward collects).</summary>
    static virtual void AddWindowGradients(object tape) { }

    /// <summary>The cell's window form (generated from a straight-line <c>Step</c>; docs/bptt.md): one entry per value
    /// <see cref="RecurrentForward"/> takes from <see cref="InputsForward"/>, true when it has one row per input row (a step
    /// takes its B rows), false for a weight-only value (a step takes it whole). Empty, the default: no window form, and
    /// the recurrence runs <see cref="Forward"/> and <see cref="Backward"/> per step.</summary>
    static virtual IReadOnlyList<bool> WindowValueRows => [];

    /// <summary>Per value of <see cref="WindowValueRows"/>: whether a step keeps its elements beyond its own pass (the
    /// backward pass of <see cref="RecurrentForward"/> reads them, or the step returns the value itself as a state). A row
    /// value no step keeps (only its shape is read) can reach every step through one buffer, so the steps' tapes keep no
    /// copy of it (generated with the window form).</summary>
    static virtual IReadOnlyList<bool> WindowValuesRead => [];

    /// <summary>A new tape for <see cref="InputsForward"/> (generated with the window form).</summary>
    static virtual object NewInputsTape() => throw NoWindowForm();

    /// <summary>The part of <c>Step</c> computed from the input and the weights alone, once over all T·B rows of
    /// <paramref name="inputs"/>: writes each value <see cref="RecurrentForward"/> takes into <paramref name="values"/>
    /// (tensors owned by <paramref name="tape"/>, or <paramref name="inputs"/> itself) (generated with the window form).</summary>
    static virtual void InputsForward(IParameters weights, Tensor inputs, Span<Tensor> values, object tape) => throw NoWindowForm();

    /// <summary>The backward pass of <see cref="InputsForward"/>: given the adjoints of the values over the whole window,
    /// accumulates (+=) into <paramref name="dInputs"/> and <paramref name="dWeights"/> (generated with the window form).</summary>
    static virtual void InputsBackward(object tape, ReadOnlySpan<Tensor?> dValues, Tensor? dInputs, IParameters? dWeights) => throw NoWindowForm();

    /// <summary>A new tape for one step of <see cref="RecurrentForward"/>, sharing <paramref name="sibling"/>'s scratch when
    /// given (generated with the window form).</summary>
    static virtual object NewRecurrentTape(object? sibling) => throw NoWindowForm();

    /// <summary>The rest of <c>Step</c>, one step: <paramref name="values"/> are that step's rows of the row values and the
    /// weight-only values whole; writes the next state into <paramref name="next"/> (generated with the window form).</summary>
    static virtual void RecurrentForward(IParameters weights, ReadOnlySpan<Tensor> values, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape) =>
        throw NoWindowForm();

    /// <summary>The backward pass of the step <paramref name="tape"/> recorded: accumulates (+=) into <paramref name="dValues"/>,
    /// <paramref name="dWeights"/> and <paramref name="dState"/>, except the weight gradients it collects for
    /// <see cref="AddWindowGradients"/>, as <see cref="BackwardInWindow"/> does (generated with the window form).</summary>
    static virtual void RecurrentBackward(object tape, ReadOnlySpan<Tensor?> dNext, ReadOnlySpan<Tensor?> dValues, IParameters? dWeights, ReadOnlySpan<Tensor?> dState) =>
        throw NoWindowForm();

    private static NotSupportedException NoWindowForm() =>
        new($"{typeof(TSelf).Name} has no window form (its generated file says why): run it step by step.");

    /// <summary>One step of the cell's own <c>Step</c> as the C# compiler compiled it, the reference the gradient
    /// checker differentiates numerically (generated).</summary>
    static abstract void Evaluate(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next);
}
