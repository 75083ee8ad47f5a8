using AutoGradRnn;
using AutoGradRnn.Models.Tasks;

namespace AutoGradRnn.Models.CharLm;

/// <summary>
/// A token language model over any cell: the embedding (<see cref="TokenLm.Embed"/>) of a whole window, a
/// <see cref="RecurrentStack"/> of <c>Layers</c> cells over it, and the output layer and loss (<see cref="TokenLm.Loss"/>)
/// over all of the window's outputs at once:
/// <code>
/// x_t = Emb[c_t];   h_t = cell(x_t, state_{t−1}) (per layer);   loss = Σ_t mean_b CE(Why·h_t + By, y_t[b])
/// </code>
/// Weights: <c>Emb</c>, <c>Why</c>, <c>By</c>, then each layer's cell weights as <c>l0.…</c>, <c>l1.…</c>; state
/// <c>l0.h</c>, … Drawn from the seed in the order Emb, the layers, Why, By (see <see cref="CharLmConfig.InitScale"/>).
/// </summary>
public sealed class CellLanguageModel : CharLanguageModel
{
    private readonly TaskWeights<TokenHead> _weights;
    private readonly TokenHead _head;
    private readonly IParameters[] _layers;
    private readonly RecurrentStack _train, _eval, _step;
    private readonly TokenLm.EmbedTape _embedTrain = new(), _embedEval = new(), _embedStep = new();
    private readonly TokenLm.LossTape _lossTrain = new(), _lossEval = new();
    private readonly TokenLm.LogitsTape _logitsStep = new();
    private readonly IReadOnlyList<string> _stateNames;
    private int[] _ids = [], _targets = [];
    private Tensor? _dOutputs, _dInputs;

    public CellLanguageModel(string kind, RecurrentCell cell, CharLmConfig config, DType dtype, Rng rng) : base(kind, config, dtype)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _train = new RecurrentStack(cell, config.Layers);
        _eval = new RecurrentStack(cell, config.Layers);
        _step = new RecurrentStack(cell, config.Layers);
        if (config.InitScale > 0)
        {
            double a = config.InitScale;
            Tensor U(params int[] dims) => Init.Uniform(rng, dtype, -a, a, dims);
            var uniformEmb = U(config.Vocabulary, config.Embedding);
            var uniformLayers = _train.Initialize(config.Embedding, config.Hidden, dtype, new Rng(0)); // the shapes; redrawn in order
            foreach (var layer in uniformLayers)
                foreach (var (_, t) in layer.NamedTensors()) t.CopyFrom(U(t.Shape.ToArray()));
            (_head, _layers) = (new TokenHead { Emb = uniformEmb, Why = U(config.Vocabulary, config.Hidden), By = U(config.Vocabulary) }, uniformLayers);
        }
        else
        {
            (_head, _layers) = TokenHead.Draw(_train, config.Vocabulary, config.Embedding, config.Hidden, config.Vocabulary, dtype, rng);
        }
        _weights = new TaskWeights<TokenHead>(cell, _head, _layers);
        _stateNames = _train.StateNames();
    }

    public RecurrentCell Cell => _train.Cell;

    public override IParameters Weights => _weights.Group;

    public override IParameters NewGradients() => _weights.NewGradients(h => h.ZerosLike());

    public override IReadOnlyList<string> StateNames => _stateNames;

    public override double TrainWindow(int[][] inputs, int[][] targets, Tensor[] state, IParameters gradients, double weight = 1.0)
    {
        int steps = inputs.Length;
        var hs = ForwardWindow(inputs, targets, state, _train, _embedTrain, out var x);
        double loss = TokenLm.LossForward(_head, hs, _targets, _lossTrain) * steps;
        var (dHead, dLayers) = _weights.Parts(gradients);
        var dOutputs = Adjoints.Zeroed(ref _dOutputs, hs);
        TokenLm.LossBackward(_lossTrain, dResult: weight * steps, dp: dHead, dhs: dOutputs);
        var dInputs = Adjoints.Zeroed(ref _dInputs, x);
        _train.Backward(dOutputs, dInputs, dLayers);
        TokenLm.EmbedBackward(_embedTrain, dResult: dInputs, dp: dHead);
        return loss;
    }

    public override double EvaluateWindow(int[][] inputs, int[][] targets, Tensor[] state)
    {
        var hs = ForwardWindow(inputs, targets, state, _eval, _embedEval, out _);
        return TokenLm.LossForward(_head, hs, _targets, _lossEval) * inputs.Length;
    }

    public override Tensor Step(int[] input, Tensor[] state)
    {
        var x = TokenLm.EmbedForward(_head, input, _embedStep);
        var hs = _step.Forward(_layers, x, state);
        return TokenLm.LogitsForward(_head, hs, _logitsStep);
    }

    public override IDifferentiableFunction LossFunction(int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections)
    {
        if (state.Length != StateNames.Count || projections.Length != state.Length)
            throw new ArgumentException($"A {Kind} model carries {StateNames.Count} state tensors; got {state.Length} states and {projections.Length} projections.");
        return CheckedFunction.Create(Weights, NewGradients, StateNames.Select((n, i) => new NamedTensor(n, state[i])).ToArray(),
            () => ReferenceLoss(inputs, targets, state, projections),
            (dWeights, dState) => GeneratedLossAndGradient(inputs, targets, state, projections, dWeights, dState), _train.Cell.ForwardTolerance);
    }

    /// <summary>The loss of one window through the user's own methods (the embedding's, each cell step's and the loss's,
    /// as compiled), plus the final state projected on <paramref name="projections"/>: what the checker differentiates.</summary>
    private double ReferenceLoss(int[][] inputs, int[][] targets, IReadOnlyList<Tensor> state, IReadOnlyList<Tensor> projections)
    {
        var x = TokenLm.Embed(_head, TimeMajor.Flatten(inputs, ref _ids));
        var (hs, final) = _eval.Reference(_layers, x, state);
        double value = TokenLm.Loss(_head, hs, TimeMajor.Flatten(targets, ref _targets)) * inputs.Length;
        for (int i = 0; i < final.Length; i++) value += Ops.Dot(final[i], projections[i]);
        return value;
    }

    /// <summary>The generated forward and backward of one window: the loss plus the projected final state, the
    /// gradient accumulated into <paramref name="gradients"/> and <paramref name="dState"/>.</summary>
    private double GeneratedLossAndGradient(int[][] inputs, int[][] targets, Tensor[] state, IReadOnlyList<Tensor> projections, IParameters gradients, Tensor[] dState)
    {
        int steps = inputs.Length;
        var carried = state.Select(s => s.Clone()).ToArray();
        var hs = ForwardWindow(inputs, targets, carried, _train, _embedTrain, out var x);
        double value = TokenLm.LossForward(_head, hs, _targets, _lossTrain) * steps;
        for (int i = 0; i < carried.Length; i++) value += Ops.Dot(carried[i], projections[i]);
        var (dHead, dLayers) = _weights.Parts(gradients);
        var dOutputs = Tensor.ZerosLike(hs);
        TokenLm.LossBackward(_lossTrain, dResult: steps, dp: dHead, dhs: dOutputs);
        var dInputs = Tensor.ZerosLike(x);
        _train.Backward(dOutputs, dInputs, dLayers, dState, projections.Cast<Tensor?>().ToArray());
        TokenLm.EmbedBackward(_embedTrain, dResult: dInputs, dp: dHead);
        return value;
    }

    private Tensor ForwardWindow(int[][] inputs, int[][] targets, Tensor[] state, RecurrentStack stack, TokenLm.EmbedTape embedTape, out Tensor x)
    {
        x = TokenLm.EmbedForward(_head, TimeMajor.Flatten(inputs, ref _ids), embedTape);
        TimeMajor.Flatten(targets, ref _targets);
        return stack.Forward(_layers, x, state);
    }
}
