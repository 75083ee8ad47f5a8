using AutoGradRnn;
using AutoGradRnn.Models.Cells;

namespace AutoGradRnn.Models.CharLm;

/// <summary>A registered cell as the app runs it: its name, what it is and the cell itself. Every command that takes
/// a model (<c>train</c>, <c>gradcheck</c>, <c>sample</c>, <c>show</c>, <c>bench</c>) makes a
/// <see cref="CellLanguageModel"/> over it.</summary>
public sealed record CharLmSpec(string Name, string Summary, RecurrentCell Cell)
{
    /// <summary>The cell's weight matrices in units of H×(E+H), measured at E = H = 8 and rounded up (4 for the LSTM, 3 for
    /// the GRU, 1 for the Elman RNN): what a memory estimate multiplies out before anything of the real size is made.</summary>
    public int WeightBlocks { get; } = (int)Math.Ceiling(Cell.Initialize(new CellSize(8, 8), DType.Float32, new Rng(0)).NamedTensors()
        .Where(n => n.Value.Rank == 2).Sum(n => (double)n.Value.Length) / (8 * 16));

    /// <summary>A language model over this cell.</summary>
    public CharLanguageModel Create(CharLmConfig config, DType dtype, Rng rng) => new CellLanguageModel(Name, Cell, config, dtype, rng);

    /// <summary>The generated file of the window's embedding (<see cref="TokenLm.Embed"/>).</summary>
    public const string EmbedFile = "AutoGradRnn.Models.CharLm.TokenLm.Embed.g.cs";

    /// <summary>The generated file of the window's output layer and loss (<see cref="TokenLm.Loss"/>).</summary>
    public const string LossFile = "AutoGradRnn.Models.CharLm.TokenLm.Loss.g.cs";

    /// <summary>The generated files <c>show</c> prints: the loss's and embedding's backward, then the cell's step.</summary>
    public IReadOnlyList<string> GeneratedFiles => [LossFile, EmbedFile, Cell.GeneratedFile];

    /// <summary>Floating-point operations per token of a training step: forward and backward take about three times
    /// the forward's multiply-adds, two operations each, over the weight matrices (the cell's in every layer, and the
    /// output layer's): <c>6·(Σ matrix elements + V·H)</c> (the element-wise work is not counted, as in the reference figures).</summary>
    public double FlopsPerToken(CharLmConfig c)
    {
        double matrices = 0;
        for (int l = 0; l < c.Layers; l++)
        {
            var weights = Cell.Initialize(new CellSize(l == 0 ? c.Embedding : c.Hidden, c.Hidden), DType.Float32, new Rng(0));
            matrices += weights.NamedTensors().Where(n => n.Value.Rank == 2).Sum(n => (double)n.Value.Length);
        }
        return 6.0 * (matrices + (double)c.Vocabulary * c.Hidden);
    }
}

/// <summary>
/// The cells the app knows, by name: the built-in <c>lstm</c>, <c>gru</c> and <c>elman</c>, and whatever a hosting
/// program adds (<see cref="App.Cli.Run(string[], Action{CellCatalog}?, TextWriter?, TextWriter?)"/>). A cell is
/// added by its type, <c>cells.Add&lt;MyCell&gt;("mycell")</c>: a generic instantiation, no reflection.
/// </summary>
public sealed class CellCatalog
{
    private readonly List<CharLmSpec> _specs = [];

    /// <summary>A catalog of the built-in cells.</summary>
    public static CellCatalog BuiltIn() => new CellCatalog()
        .Add<Lstm>("lstm", "LSTM, the course's form: one matrix over [x; h], gates i, f, o, g (models/Cells/Lstm.cs)")
        .Add<Gru>("gru", "GRU, PyTorch's form: gates r, z over [x; h], candidate with a reset hidden part (models/Cells/Gru.cs)")
        .Add<Elman>("elman", "Elman RNN: tanh recurrence (models/Cells/Elman.cs)");

    /// <summary>Adds <typeparamref name="TCell"/> under <paramref name="name"/> (letters, digits, '-' and '_'; unique,
    /// ignoring case).</summary>
    public CellCatalog Add<TCell>(string name, string? summary = null) where TCell : IRecurrentCell<TCell>
    {
        if (NameProblem(name) is string problem) throw new ArgumentException(problem, nameof(name));
        var cell = RecurrentCell.Of<TCell>();
        _specs.Add(new CharLmSpec(name, summary ?? $"{cell.TypeName} (state {string.Join(", ", cell.StateNames)})", cell));
        return this;
    }

    /// <summary>Why <paramref name="name"/> cannot name a new cell here, or null when it can.</summary>
    public string? NameProblem(string name)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return $"A cell's name is letters, digits, '-' and '_'; got '{name}'.";
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            return "'all' names every cell on the command line; choose another name.";
        return Find(name) is { } taken ? $"The cell name '{name}' is taken by {taken.Cell.TypeName}." : null;
    }

    public IReadOnlyList<CharLmSpec> All => _specs;

    /// <summary>The names, for help and error messages: <c>lstm|gru|elman</c>.</summary>
    public string Names => string.Join("|", _specs.Select(s => s.Name));

    public CharLmSpec? Find(string name) => _specs.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The catalog of the running command line: the built-in cells, or the one a hosting program passed to
/// <c>Cli.Run</c> for the duration of that call.</summary>
public static class CharLmRegistry
{
    private static readonly CellCatalog BuiltIns = CellCatalog.BuiltIn();
    private static readonly AsyncLocal<CellCatalog?> Hosted = new();

    public static CellCatalog Current => Hosted.Value ?? BuiltIns;

    public static IReadOnlyList<CharLmSpec> All => Current.All;

    public static string Names => Current.Names;

    public static CharLmSpec? Find(string name) => Current.Find(name);

    /// <summary>Makes <paramref name="catalog"/> current until the returned scope is disposed.</summary>
    internal static IDisposable Use(CellCatalog catalog)
    {
        var previous = Hosted.Value;
        Hosted.Value = catalog;
        return new Scope(() => Hosted.Value = previous);
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
