using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Runs;

namespace AutoGradRnn.Models.App;

/// <summary>The memory a character-level model's training needs, estimated from its sizes before anything is allocated:
/// the weights, their gradients and the optimizer's state (one copy each per slot: Adagrad 1, Adam 2, SGD 0), and the
/// window's tape (per step the gate values and the output probabilities of every stream).</summary>
internal static class CharLmFootprint
{
    public static MemoryEstimate Of(CharLmSpec spec, CharLmConfig c, int batch, int seq, string optimizer)
    {
        int copies = 2 + optimizer switch { "adam" => 2, "adagrad" => 1, _ => 0 };
        double h = c.Hidden, e = c.Embedding, v = c.Vocabulary;
        return new MemoryEstimate()
            .Add("recurrent weight matrix", spec.WeightBlocks * h * (e + h), copies: copies)
            .Add("output weight matrix", v * h, copies: copies)
            .Add("embedding", v * e, copies: copies)
            .Add("window tape", (double)seq * batch * ((spec.WeightBlocks + 3) * h + e + 2 * v));
    }

    /// <summary>Refuses sizes the machine cannot hold, naming the options and the bytes needed.</summary>
    /// <exception cref="RunRefusedException">Too large.</exception>
    public static void Check(CharLmSpec spec, CharLmConfig c, int batch, int seq, string optimizer) =>
        Of(spec, c, batch, seq, optimizer).Check($"--hidden {c.Hidden}, --embedding {c.Embedding}, --batch {batch}, --seq {seq}", MemoryEstimate.Available);
}
