using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Bench;

/// <summary>
/// A character-level configuration's training step, as <c>train</c> takes it: the window's forward and backward
/// through the generated code (one reused tape), element-wise clipping to ±5 and an Adagrad update (lr 0.1), float32.
/// </summary>
public static class CharLmWorkload
{
    /// <param name="name">What the tokens are (their file), for error messages.</param>
    public static BenchWorkload Create(BenchConfig config, int[] tokens, int vocabulary, string name, ulong seed)
    {
        var spec = CharLmRegistry.Find(config.Model) ?? throw new ArgumentException($"Unknown model '{config.Model}'.", nameof(config));
        var sizes = new CharLmConfig(vocabulary, config.Embedding, config.Hidden);
        var model = spec.Create(sizes, DType.Float32, new Rng(seed));
        var parameters = model.Weights.NamedTensors();
        var gradientContainer = model.NewGradients();
        var gradients = gradientContainer.NamedTensors();
        var optimizer = new Adagrad(0.1);
        optimizer.Initialize(parameters);
        var clipper = new ElementwiseClipper(5);
        var batcher = new SequenceBatcher(tokens, config.Batch, config.Seq, name);
        var (inputs, targets) = batcher.NewTimeMajorRows();
        var state = model.NewState(config.Batch);

        double Step()
        {
            double loss = model.TrainNextWindow(batcher, inputs, targets, state, gradientContainer);
            clipper.Clip(gradients);
            optimizer.Step(parameters, gradients);
            return loss / config.Seq;
        }

        return new BenchWorkload(Step, spec.FlopsPerToken(sizes));
    }
}
