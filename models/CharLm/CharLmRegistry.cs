using AutoGradRnn;

namespace AutoGradRnn.Models.CharLm;

/// <summary>A built-in model: its name, what it is, how to make one, the generated files <c>show</c> prints
/// (the window loss's backward first, then the cell it calls), and its number of H×(E+H) weight blocks (4 for
/// the LSTM's gates, 3 for the GRU's, 1 for the Elman RNN's), which sets its arithmetic per token.</summary>
public sealed record CharLmSpec(string Name, string Summary, Func<CharLmConfig, DType, Rng, CharLanguageModel> Create, IReadOnlyList<string> GeneratedFiles,
    int WeightBlocks)
{
    /// <summary>Floating-point operations per token of a training step: forward and backward take about three
    /// times the forward's multiply-adds, two operations each, over the recurrent and output weights:
    /// <c>6·(blocks·H·(E+H) + V·H)</c> (the element-wise work is not counted, as in the reference figures).</summary>
    public double FlopsPerToken(CharLmConfig c) => 6.0 * ((double)WeightBlocks * c.Hidden * (c.Embedding + c.Hidden) + (double)c.Vocabulary * c.Hidden);
}

/// <summary>The built-in character-level models, shared by <c>train</c>, <c>gradcheck</c>, <c>sample</c> and <c>show</c>.</summary>
public static class CharLmRegistry
{
    public static IReadOnlyList<CharLmSpec> All { get; } =
    [
        new("lstm", "LSTM, the course's form: one matrix over [x; h], gates i, f, o, g (models/CharLm/LstmLm.cs)",
            (c, d, r) => new LstmLanguageModel(c, d, r),
            ["AutoGradRnn.Models.CharLm.LstmLm.WindowLoss.g.cs", "AutoGradRnn.Models.Cells.LstmCell.Step.g.cs"], 4),
        new("gru", "GRU, PyTorch's form: gates r, z over [x; h], candidate with a reset hidden part (models/CharLm/GruLm.cs)",
            (c, d, r) => new GruLanguageModel(c, d, r),
            ["AutoGradRnn.Models.CharLm.GruLm.WindowLoss.g.cs", "AutoGradRnn.Models.Cells.GruCell.Step.g.cs"], 3),
        new("elman", "Elman RNN: embedding, tanh recurrence, linear, softmax (models/CharLm/ElmanLm.cs)",
            (c, d, r) => new ElmanLanguageModel(c, d, r),
            ["AutoGradRnn.Models.CharLm.ElmanLm.WindowLoss.g.cs", "AutoGradRnn.Models.Cells.ElmanCell.Step.g.cs"], 1),
    ];

    /// <summary>The names, for help and error messages: <c>lstm|gru|elman</c>.</summary>
    public static string Names => string.Join("|", All.Select(s => s.Name));

    public static CharLmSpec? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
