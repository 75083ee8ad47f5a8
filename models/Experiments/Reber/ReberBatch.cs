namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>
/// Strings of one length, batched for the network: the inputs are every symbol but the last, and the target of each
/// step is the set of legal next symbols, as a multi-hot row (and as a bit mask, for scoring).
/// </summary>
/// <remarks>
/// Time-major: <c>Inputs[t][b]</c> is symbol t of string b. <see cref="Targets"/> [T·B, 7] holds the multi-hot rows
/// in the order step by step, string by string; <c>Rows[t]</c> are the row numbers of step t (t·B … t·B + B − 1), so
/// the loss reads step t's targets as <c>Embedding(Targets, Rows[t])</c>.
/// </remarks>
public sealed class ReberBatch
{
    private ReberBatch(IReadOnlyList<int[]> strings, int[][] inputs, int[][] masks, Tensor targets, int[][] rows)
    {
        Strings = strings;
        Inputs = inputs;
        Masks = masks;
        Targets = targets;
        Rows = rows;
    }

    public IReadOnlyList<int[]> Strings { get; }

    public int[][] Inputs { get; }

    /// <summary>The legal next symbols of step t of string b, as a bit mask.</summary>
    public int[][] Masks { get; }

    public Tensor Targets { get; }

    public int[][] Rows { get; }

    public int Steps => Inputs.Length;

    public int Size => Strings.Count;

    /// <summary>The strings grouped by length into batches of at most <paramref name="batchSize"/>, in a fixed order
    /// (by length, then as given).</summary>
    /// <exception cref="ArgumentException">A string is not in the grammar.</exception>
    public static List<ReberBatch> Create(IReadOnlyList<int[]> strings, bool embedded, int batchSize, DType dtype)
    {
        var batches = new List<ReberBatch>();
        foreach (var group in strings.GroupBy(s => s.Length).OrderBy(g => g.Key))
        {
            foreach (var chunk in group.Chunk(batchSize)) batches.Add(Of(chunk, embedded, dtype));
        }
        return batches;
    }

    private static ReberBatch Of(int[][] strings, bool embedded, DType dtype)
    {
        int size = strings.Length, steps = strings[0].Length - 1;
        var inputs = new int[steps][];
        var masks = new int[steps][];
        var rows = new int[steps][];
        var targets = Tensor.Zeros(dtype, steps * size, ReberGrammar.SymbolCount);
        for (int t = 0; t < steps; t++)
        {
            inputs[t] = new int[size];
            masks[t] = new int[size];
            rows[t] = new int[size];
        }
        for (int b = 0; b < size; b++)
        {
            var legal = ReberGrammar.LegalSuccessors(strings[b], embedded)
                ?? throw new ArgumentException($"'{ReberGrammar.Format(strings[b])}' is not a{(embedded ? "n embedded" : "")} Reber string.", nameof(strings));
            for (int t = 0; t < steps; t++)
            {
                inputs[t][b] = strings[b][t];
                masks[t][b] = legal[t];
                rows[t][b] = t * size + b;
                for (int s = 0; s < ReberGrammar.SymbolCount; s++)
                    if ((legal[t] >> s & 1) != 0) targets.SetAt((t * size + b) * ReberGrammar.SymbolCount + s, 1);
            }
        }
        return new ReberBatch(strings, inputs, masks, targets, rows);
    }
}
