using AutoGradRnn.Data;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Ptb;

/// <summary>
/// One PTB training step as Zaremba et al. take it: the next window of the B streams, forward and backward through
/// the generated code (one reused tape), the global gradient norm clipped, an SGD update. The experiment and the
/// <c>bench</c> command both train through this. A warm step allocates nothing.
/// </summary>
public sealed class PtbTrainer
{
    private readonly CharLm.CharLanguageModel _model;
    private readonly SequenceBatcher _batcher;
    private readonly IParameters _gradientContainer;
    private readonly IReadOnlyList<NamedTensor> _parameters, _gradients;
    private readonly GlobalNormClipper _clipper;
    private readonly int[][] _inputs, _targets;

    public PtbTrainer(CharLm.CharLanguageModel model, SequenceBatcher batcher, double learningRate, double clipNorm)
    {
        _model = model;
        _batcher = batcher;
        _parameters = model.Weights.NamedTensors();
        _gradientContainer = model.NewGradients();
        _gradients = _gradientContainer.NamedTensors();
        _clipper = new GlobalNormClipper(clipNorm);
        Optimizer = new Sgd(learningRate);
        (_inputs, _targets) = batcher.NewTimeMajorRows();
        State = model.NewState(batcher.BatchSize);
    }

    public Sgd Optimizer { get; }

    /// <summary>The state (each layer's, e.g. h1, c1, h2, c2) carried from window to window.</summary>
    public Tensor[] State { get; }

    /// <summary>The global gradient norm of the last step, before clipping.</summary>
    public double LastNorm { get; private set; }

    /// <summary>Goes back to the first window of the streams with a zero state, as every epoch starts.</summary>
    public void StartEpoch(int epoch)
    {
        foreach (var t in State) t.Zero();
        _batcher.Restore(new BatcherState(0, epoch - 1, _batcher.Iteration));
    }

    /// <summary>Trains the next window; returns its loss (Σ over the window of the batch-mean negative log-likelihood).
    /// At the end of the streams it starts over from a zero state.</summary>
    public double Step()
    {
        _batcher.Next();
        if (_batcher.ResetState)
        {
            foreach (var t in State) t.Zero();
        }
        _batcher.CopyTimeMajor(_inputs, _targets);
        _gradientContainer.ZeroAll();
        double loss = _model.TrainWindow(_inputs, _targets, State, _gradientContainer);
        LastNorm = _clipper.Clip(_gradients);
        Optimizer.Step(_parameters, _gradients);
        return loss;
    }
}
