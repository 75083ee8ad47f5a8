namespace AutoGradRnn.Training;

/// <summary>
/// An optimizer that updates parameters in place from their gradients. Parameters and gradients are passed
/// as parallel lists (the same names, in the same order, with the same shapes and element types), as a
/// generated <see cref="IParameters"/> container's <c>NamedTensors()</c> gives them.
/// </summary>
/// <remarks>
/// The first <see cref="Step"/> (or <see cref="Initialize"/>) binds the optimizer to the parameter list and
/// allocates its state; every later step allocates nothing. The state (for example Adagrad's memory) is
/// reachable by name for checkpoints through <see cref="GetState"/> and <see cref="LoadState"/>.
/// </remarks>
public interface IOptimizer
{
    /// <summary>The optimizer's name as written to checkpoints: <c>sgd</c>, <c>adagrad</c> or <c>adam</c>.</summary>
    string Kind { get; }

    /// <summary>The learning rate used by the next step (a schedule sets it between steps).</summary>
    double LearningRate { get; set; }

    /// <summary>The number of steps taken so far (restored with the state).</summary>
    long StepCount { get; }

    /// <summary>The hyper-parameters other than the learning rate (e.g. <c>eps</c>, <c>beta1</c>), for a checkpoint's metadata.</summary>
    IReadOnlyDictionary<string, double> Hyperparameters { get; }

    /// <summary>Updates every parameter in place from the gradient of the same index.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, names, shapes or element types, or
    /// differ from the parameter list the optimizer was bound to.</exception>
    void Step(IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> gradients);

    /// <summary>Binds the optimizer to <paramref name="parameters"/> and allocates its (zero or loaded) state
    /// without updating anything. <see cref="Step"/> does this itself on first use.</summary>
    void Initialize(IReadOnlyList<NamedTensor> parameters);

    /// <summary>The state tensors, named <c>slot.parameter</c> (e.g. <c>memory.Wxh</c>, <c>m.Wxh</c>,
    /// <c>v.Wxh</c>); the live tensors, not copies. Before the optimizer is bound: the state given to <see cref="LoadState"/>
    /// if any, else empty. Empty for an optimizer without state.</summary>
    IReadOnlyList<NamedTensor> GetState();

    /// <summary>Restores state saved by <see cref="GetState"/> and the step count. Before the optimizer is bound
    /// the tensors are kept and copied in when it binds; either way every expected state tensor must be present
    /// with the parameter's shape (element types are converted), and no other.</summary>
    /// <exception cref="ArgumentException">A state tensor is missing, unexpected, or has the wrong shape.</exception>
    void LoadState(IReadOnlyList<NamedTensor> state, long stepCount);
}
