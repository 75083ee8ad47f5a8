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
        var trainer = new Trainer(new WindowTask(model, new SequenceBatcher(tokens, config.Batch, config.Seq, name)), new Adagrad(0.1), new ElementwiseClipper(5));
        return new BenchWorkload(() => trainer.TrainStep() / config.Seq, spec.FlopsPerToken(sizes),
            () => WindowMemory.BytesPerStep(spec.Create(sizes, DType.Float32, new Rng(seed)), config.Batch, config.Seq, seed));
    }
}
