using AutoGradRnn.Runs;

namespace AutoGradRnn.Models.App;

/// <summary>The memory a recurrent model's training needs, estimated from its sizes before anything is allocated, for
/// every command that takes sizes: per layer its H×(E+H) weight blocks (H×(H+H) above the first layer; LSTM 4, GRU 3,
/// Elman 1), the output and embedding matrices, each with its gradient and the optimizer's state (Adagrad 1 copy, Adam
/// 2, SGD 0), and the tape of a window (per step the gate values and the output probabilities of every stream).</summary>
internal static class ModelFootprint
{
    public static MemoryEstimate Of(int blocks, double vocabulary, double embedding, double hidden, double batch, double seq, string optimizer,
        int layers = 1, int elementBytes = 4)
    {
        double copies = 2 + optimizer switch { "adam" => 2, "adagrad" => 1, _ => 0 };
        return new MemoryEstimate()
            .Add("recurrent weight matrix", blocks * hidden * (embedding + hidden), elementBytes, copies)
            .Add("recurrent weight matrix", blocks * hidden * (hidden + hidden), elementBytes, copies * (layers - 1))
            .Add("output weight matrix", vocabulary * hidden, elementBytes, copies)
            .Add("embedding", vocabulary * embedding, elementBytes, copies)
            .Add("gate values of one step", batch * blocks * hidden, elementBytes, seq * layers * 2)
            .Add("output probabilities of one step", batch * vocabulary, elementBytes, seq * 2);
    }

    /// <summary>Refuses sizes the machine cannot hold; <paramref name="settings"/> names the options that set them.</summary>
    /// <exception cref="RunRefusedException">Too large: the message gives the elements or bytes needed.</exception>
    public static void Check(MemoryEstimate estimate, string settings) => estimate.Check(settings, MemoryEstimate.Available);

    /// <summary>The weight blocks of the largest of the named cells (lstm 4, gru 3, elman 1).</summary>
    public static int Blocks(IEnumerable<string> cells) => cells.Max(c => CharLm.CharLmRegistry.Find(c)?.WeightBlocks ?? 1);
}
