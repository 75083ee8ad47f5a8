using AutoGradRnn;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.CharLm;

/// <summary>The sizes of a character-level language model: vocabulary V, embedding E, hidden H, recurrent layers.</summary>
/// <param name="InitScale">0: PyTorch's initialisations (the embedding N(0, 1), the rest U(±1/√H), as the cells define
/// them); a > 0: every weight U(−a, a), as Zaremba et al. initialise.</param>
public sealed record CharLmConfig(int Vocabulary, int Embedding, int Hidden, int Layers = 1, double InitScale = 0);

/// <summary>
/// A character-level language model as the app drives it: its weights (a generated <see cref="IParameters"/>
/// container), the state it carries from window to window, and the three things the app does with it, each
/// through the generated code of a <c>[Differentiable]</c> method:
/// a training window (forward, then backward into a gradient container), an evaluation window (forward only)
/// and one sampling step (forward only, logits out). Each instance keeps one tape per use and reuses it, so a
/// warm training window allocates nothing.
/// </summary>
/// <remarks>
/// Windows are time-major: <c>inputs[t]</c> and <c>targets[t]</c> hold step t of each of the B streams. The
/// state tensors are [B, H]; the methods read them and overwrite them with the state after the window. The loss
/// of a window is <c>Σ_t mean_b CE(logits_t[b], targets[t][b])</c>: with batch 1, the course's loss summed over the
/// window; per character it is <c>loss / T</c>.
/// </remarks>
public abstract class CharLanguageModel : IWindowModel
{
    protected CharLanguageModel(string kind, CharLmConfig config, DType dtype)
    {
        Kind = kind;
        Config = config;
        DType = dtype;
    }

    /// <summary>The registry name: <c>lstm</c>, <c>gru</c> or <c>elman</c>.</summary>
    public string Kind { get; }

    public CharLmConfig Config { get; }

    /// <summary>Float32 for training, float64 for gradient checks.</summary>
    public DType DType { get; }

    /// <summary>The weights.</summary>
    public abstract IParameters Weights { get; }

    /// <summary>A gradient container: zeros shaped like the weights.</summary>
    public abstract IParameters NewGradients();

    /// <summary>The names of the carried state tensors (<c>h</c>, or <c>h</c> and <c>c</c>), as checkpoints store them.</summary>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>A zero state for <paramref name="batch"/> streams.</summary>
    public Tensor[] NewState(int batch) => StateNames.Select(_ => Tensor.Zeros(DType, batch, Config.Hidden)).ToArray();

    /// <summary>The state tensors by name (for checkpoints).</summary>
    public IReadOnlyList<NamedTensor> NamedState(Tensor[] state) => StateNames.Select((n, i) => new NamedTensor(n, state[i])).ToArray();

    /// <summary>Forward and backward over one window: returns the loss, accumulates (+=) the gradient of
    /// <paramref name="weight"/>·loss with respect to the weights into <paramref name="gradients"/> and moves
    /// <paramref name="state"/> to the state after the window. No gradient flows into the incoming state
    /// (truncated BPTT). A weight of 1/T makes it the gradient of the loss per character.</summary>
    public abstract double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0);

    /// <summary>Forward only over one window: returns the loss and moves the state on.</summary>
    public abstract double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state);

    /// <summary>One step: reads <paramref name="input"/> (one token per stream), moves the state on and returns the
    /// logits [B, V] (owned by the model's tape: read them before the next call).</summary>
    public abstract Tensor Step(int[] input, Tensor[] state);

    /// <summary>The window's loss as a function of the weights and the incoming state, with the outgoing state
    /// projected on <paramref name="projections"/> (one per state tensor) so the check covers every output: the
    /// generated handle the float64 gradient checker runs.</summary>
    public abstract IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections);
}

/// <summary>PyTorch's default initialisations, which the built-in models use (so runs compare with PyTorch's).</summary>
public static class CharLmInit
{
    /// <summary>An RNN weight or bias, or the output layer over H inputs: U(−1/√H, 1/√H).</summary>
    public static Tensor Uniform(Rng rng, DType dtype, int hidden, params int[] dims) =>
        Init.Uniform(rng, dtype, -1 / Math.Sqrt(hidden), 1 / Math.Sqrt(hidden), dims);

    /// <summary>An embedding table [V, E]: N(0, 1).</summary>
    public static Tensor Embedding(Rng rng, DType dtype, int vocabulary, int embedding) =>
        Init.Normal(rng, dtype, 0, 1, vocabulary, embedding);
}
