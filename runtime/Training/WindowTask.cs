using AutoGradRnn.Data;

namespace AutoGradRnn.Training;

/// <summary>
/// Truncated BPTT over a token sequence as a <see cref="ITrainingTask"/>: each step takes the batcher's next window
/// of the B streams, zeroes the carried state where a pass over the text starts, and trains the window with the state
/// the previous window left. The state and the window buffers are allocated once.
/// </summary>
public sealed class WindowTask : ITrainingTask
{
    private readonly int[][] _inputs, _targets;

    /// <param name="model">The model trained.</param>
    /// <param name="batcher">The token streams and the window length.</param>
    /// <param name="weight">The window's gradient is of <c>weight · loss</c>: 1 for the loss summed over the window
    /// (the course), 1/T for the loss per token.</param>
    public WindowTask(IWindowModel model, SequenceBatcher batcher, double weight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batcher);
        Model = model;
        Batcher = batcher;
        Weight = weight;
        State = model.NewState(batcher.BatchSize);
        (_inputs, _targets) = batcher.NewTimeMajorRows();
    }

    public IWindowModel Model { get; }

    public SequenceBatcher Batcher { get; }

    public double Weight { get; }

    /// <summary>The state carried from window to window ([B, H] each, named by the model's <see cref="IWindowModel.StateNames"/>).</summary>
    public Tensor[] State { get; }

    /// <summary>The last window's inputs, time-major (a sampler starts from <c>Inputs[0][0]</c>).</summary>
    public int[][] Inputs => _inputs;

    /// <summary>Tokens predicted per step: window length × streams.</summary>
    public int TokensPerStep => Batcher.SeqLength * Batcher.BatchSize;

    public IParameters Weights => Model.Weights;

    public IParameters NewGradients() => Model.NewGradients();

    public int Epoch => Batcher.Epoch + 1;

    public double TrainStep(IParameters gradients)
    {
        Batcher.Next();
        if (Batcher.ResetState) ZeroState();
        Batcher.CopyTimeMajor(_inputs, _targets);
        return Model.TrainWindow(_inputs, _targets, State, gradients, Weight);
    }

    /// <summary>Goes back to the streams' first window with a zero state, as pass <paramref name="epoch"/> (from 1) starts.</summary>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ZeroState();
        Batcher.Restore(new BatcherState(0, epoch - 1, Batcher.Iteration));
    }

    private void ZeroState()
    {
        foreach (var s in State) s.Zero();
    }
}
