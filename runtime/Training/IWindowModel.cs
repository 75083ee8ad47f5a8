namespace AutoGradRnn.Training;

/// <summary>
/// A sequence model trained by truncated BPTT over windows of token ids: the state it carries from one window to the
/// next, a training window (forward, then the generated backward) and an evaluation window (forward only).
/// </summary>
/// <remarks>
/// Windows are time-major: <c>inputs[t]</c> and <c>targets[t]</c> hold step t of each of the B streams, and the state
/// tensors are [B, H]. Both window methods read the state and overwrite it with the state after the window; no
/// gradient flows into the incoming state. The loss of a window is <c>Σ_t mean_b CE</c>.
/// </remarks>
public interface IWindowModel
{
    IParameters Weights { get; }

    /// <summary>A gradient container: zeros shaped like <see cref="Weights"/>.</summary>
    IParameters NewGradients();

    /// <summary>The names of the carried state tensors (<c>l0.h</c>, or <c>l0.h</c> and <c>l0.c</c>, …), as checkpoints store them.</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>A zero state for <paramref name="batch"/> streams, one tensor per name of <see cref="StateNames"/>.</summary>
    Tensor[] NewState(int batch);

    /// <summary>Forward and backward over one window: returns the loss, adds (+=) the gradient of
    /// <paramref name="weight"/>·loss into <paramref name="gradients"/> and moves <paramref name="state"/> on.</summary>
    double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0);

    /// <summary>Forward only over one window: returns the loss and moves the state on.</summary>
    double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state);
}
