using AutoGradRnn.Data;
using AutoGradRnn.Models.Experiments.Ptb;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Bench;

/// <summary>
/// The PTB configuration's training step, as the <c>ptb</c> command takes it (<see cref="PtbExperiment.NewTrainer"/>): Zaremba et al.'s
/// small 2-layer LSTM at the config's hidden size, batch and window, SGD lr 1, global-norm clip 5, float32.
/// </summary>
public static class PtbWorkload
{
    /// <param name="name">What the tokens are (their file), for error messages.</param>
    public static BenchWorkload Create(BenchConfig config, int[] words, int vocabulary, string name, ulong seed)
    {
        var settings = new PtbSettings { Hidden = config.Hidden, Seed = seed };
        var model = PtbExperiment.Create(settings, vocabulary, DType.Float32);
        var trainer = PtbExperiment.NewTrainer(new WindowTask(model, new SequenceBatcher(words, config.Batch, config.Seq, name)), settings);
        return new BenchWorkload(() => trainer.TrainStep() / config.Seq, FlopsPerToken(vocabulary, config.Hidden),
            () => WindowMemory.BytesPerStep(PtbExperiment.Create(settings, vocabulary, DType.Float32), config.Batch, config.Seq, seed));
    }

    /// <summary>The reference trainer's count (../shared/anchors/torch_ptb_small.py): per layer 6·4H·2H, and 6·V·H for
    /// the output layer (15.8 M for V 10,000, H 200).</summary>
    public static double FlopsPerToken(int vocabulary, int hidden) => 2 * 6.0 * 4 * hidden * (2 * hidden) + 6.0 * vocabulary * hidden;

    /// <summary>The words the reference trainer falls back on without the corpus: ids uniform over the vocabulary, as many
    /// as the PTB training text has.</summary>
    public static int[] SyntheticWords(int vocabulary, ulong seed)
    {
        var rng = new Rng(seed);
        var words = new int[929_589];
        for (int i = 0; i < words.Length; i++) words[i] = rng.NextInt(vocabulary);
        return words;
    }
}
