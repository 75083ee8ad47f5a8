namespace AutoGradRnn.Models.Bench;

/// <summary>
/// One configuration of <c>autogradrnn bench</c>: a built-in character-level model, or (<see cref="Model"/> "ptb") the
/// two-layer word-level LSTM of the <c>ptb</c> command, at a size, batch and window, trained on as many threads as
/// <see cref="Threads"/> allows. The built-in list is the table of issue #7 and of <c>docs/PERFORMANCE.md</c>, the same
/// configurations the reference trainers in the shared anchors run, with issue #16's batch-32 LSTM at H 100 on one thread
/// (where the TorchSharp anchor is fastest per core).
/// </summary>
public sealed record BenchConfig(string Name, string Model, int Hidden, int Embedding, int Seq, int Batch, int Threads)
{
    public static IReadOnlyList<BenchConfig> All { get; } =
    [
        new("lstm-h100-b1", "lstm", 100, 32, 25, 1, 1),
        new("lstm-h256-b1", "lstm", 256, 32, 25, 1, 1),
        new("elman-h100-b1", "elman", 100, 32, 25, 1, 1),
        new("lstm-h100-b32", "lstm", 100, 32, 25, 32, 1),
        new("lstm-h256-b32", "lstm", 256, 32, 25, 32, 2),
        new("lstm-h512-b32", "lstm", 512, 32, 25, 32, 2),
        new("ptb-small", PtbModel, 200, 200, 20, 20, 2),
    ];

    /// <summary>The <see cref="Model"/> of the word-level PTB configuration.</summary>
    public const string PtbModel = "ptb";

    /// <summary>True for the PTB configuration (it trains on words, the others on characters).</summary>
    public bool IsWordLevel => Model == PtbModel;

    public static string Names => string.Join(", ", All.Select(c => c.Name));

    public static BenchConfig? Find(string name) => All.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
