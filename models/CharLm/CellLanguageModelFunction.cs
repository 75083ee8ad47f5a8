using AutoGradRnn;

namespace AutoGradRnn.Models.CharLm;

/// <summary>
/// A window's loss of a <see cref="CellLanguageModel"/> as a function of its weights and incoming state, the outgoing
/// state projected on fixed tensors so every output is covered. <see cref="Value"/> runs the user's own methods as
/// compiled (the reference the checker differentiates numerically); <see cref="ValueAndGradient"/> runs the generated
/// forward and backward.
/// </summary>
internal sealed class CellLanguageModelFunction : IDifferentiableFunction
{
    private readonly CellLanguageModel _model;
    private readonly int[][] _inputs, _targets;
    private readonly Tensor[] _state, _projections;

    public CellLanguageModelFunction(CellLanguageModel model, int[][] inputs, int[][] targets, Tensor[] state, Tensor[] projections)
    {
        if (state.Length != model.StateNames.Count || projections.Length != state.Length)
            throw new ArgumentException($"A {model.Kind} model carries {model.StateNames.Count} state tensors; got {state.Length} states and {projections.Length} projections.");
        _model = model;
        _inputs = inputs;
        _targets = targets;
        _state = state;
        _projections = projections;
        Inputs = [.. model.Weights.NamedTensors(), .. model.StateNames.Select((n, i) => new NamedTensor(n, state[i]))];
    }

    public IReadOnlyList<NamedTensor> Inputs { get; }

    public double Value() => _model.ReferenceLoss(_inputs, _targets, _state, _projections);

    public double ValueAndGradient(IReadOnlyList<Tensor> gradients)
    {
        var dWeights = _model.NewGradients();
        var dState = _state.Select(s => (Tensor?)Tensor.ZerosLike(s)).ToArray();
        double value = _model.GeneratedLossAndGradient(_inputs, _targets, _state, _projections, dWeights, dState);
        var computed = dWeights.NamedTensors().Select(n => n.Value).Concat(dState.Select(d => d!)).ToArray();
        for (int i = 0; i < computed.Length; i++) Adjoints.Accumulate(gradients[i], computed[i]);
        return value;
    }
}
