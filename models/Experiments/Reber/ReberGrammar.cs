namespace AutoGradRnn.Models.Experiments.Reber;

/// <summary>
/// The Reber grammar (Reber 1967; Cleeremans et al. 1989; SEEDS.md §4c) and its embedded form, as a finite automaton
/// over the 7 symbols <c>B T S X P V E</c>. A plain string is B, a walk through the graph, E:
/// <code>
/// node 0: T → 1, P → 5        (after B)
/// node 1: S → 1, X → 2        (the S* loop, closed by X)
/// node 2: S → 3, X → 5
/// node 3: E → end
/// node 4: V → 3, P → 2
/// node 5: T → 5, V → 4        (the T* loop, closed by V)
/// </code>
/// e.g. <c>BTSSXXTVVE</c>, <c>BPVVE</c>, <c>BTXSE</c>, <c>BPTVPSE</c>. An embedded string is <c>B x s x E</c>, with x
/// one of T and P drawn at random and s a plain string: the second-to-last symbol must repeat the second, across the
/// whole inner string. Every choice between two edges is a fair coin.
/// </summary>
public static class ReberGrammar
{
    /// <summary>The symbols in id order.</summary>
    public const string Symbols = "BTSXPVE";

    public const int SymbolCount = 7;

    private const int B = 0, T = 1, S = 2, X = 3, P = 4, V = 5, E = 6;

    /// <summary>Node → its two (symbol, next node) edges; node 3 has only E, to the end (−1).</summary>
    private static readonly (int Symbol, int Next)[][] Edges =
    [
        [(T, 1), (P, 5)],
        [(S, 1), (X, 2)],
        [(S, 3), (X, 5)],
        [(E, -1)],
        [(V, 3), (P, 2)],
        [(T, 5), (V, 4)],
    ];

    /// <summary>A plain Reber string as symbol ids, B … E.</summary>
    public static int[] Plain(Rng rng)
    {
        var symbols = new List<int> { B };
        for (int node = 0; node >= 0;)
        {
            var edges = Edges[node];
            var (symbol, next) = edges.Length == 1 ? edges[0] : edges[rng.NextInt(2)];
            symbols.Add(symbol);
            node = next;
        }
        return [.. symbols];
    }

    /// <summary>A plain string of more than <paramref name="minLength"/> symbols, B and E included (wenbinli's
    /// <c>generateSequences(minLength=10)</c> keeps those; the shared reference sample was made so).</summary>
    public static int[] Plain(Rng rng, int minLength)
    {
        while (true)
        {
            var s = Plain(rng);
            if (s.Length > minLength) return s;
        }
    }

    /// <summary>An embedded Reber string: B, x, a plain string, x, E with x ∈ {T, P}.</summary>
    public static int[] Embedded(Rng rng)
    {
        int x = rng.NextInt(2) == 0 ? T : P;
        return [B, x, .. Plain(rng), x, E];
    }

    /// <summary>
    /// The set of legal next symbols after each prefix of <paramref name="symbols"/> (all but the last symbol), as
    /// bit masks (bit i: symbol i). Null when the string is not in the grammar (plain or embedded as asked).
    /// </summary>
    public static int[]? LegalSuccessors(int[] symbols, bool embedded)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (!embedded) return PlainSuccessors(symbols);
        if (symbols.Length < 5 || symbols[0] != B || symbols[1] is not (T or P) || symbols[^2] != symbols[1] || symbols[^1] != E) return null;
        var inner = PlainSuccessors(symbols[2..^2]);
        if (inner is null) return null;
        // After B: T or P; after x: the inner B; inside: the inner grammar; after the inner E: the x seen at the start; then E.
        return [Bit(T) | Bit(P), Bit(B), .. inner, Bit(symbols[1]), Bit(E)];
    }

    private static int[]? PlainSuccessors(int[] symbols)
    {
        if (symbols.Length < 2 || symbols[0] != B) return null;
        var masks = new int[symbols.Length - 1];
        int node = 0;
        for (int i = 1; i < symbols.Length; i++)
        {
            if (node < 0) return null;
            masks[i - 1] = Edges[node].Aggregate(0, (m, e) => m | Bit(e.Symbol));
            int next = int.MinValue;
            foreach (var (symbol, to) in Edges[node])
                if (symbol == symbols[i]) next = to;
            if (next == int.MinValue) return null;
            node = next;
        }
        return node == -1 ? masks : null;
    }

    private static int Bit(int symbol) => 1 << symbol;

    /// <summary>Symbol ids from text such as <c>B T X S E</c> or <c>BTXSE</c> (white space ignored); null on another character.</summary>
    public static int[]? Parse(string text)
    {
        var ids = new List<int>();
        foreach (char ch in text)
        {
            if (char.IsWhiteSpace(ch)) continue;
            int id = Symbols.IndexOf(ch);
            if (id < 0) return null;
            ids.Add(id);
        }
        return [.. ids];
    }

    /// <summary>The string as letters, e.g. <c>BTXSE</c>.</summary>
    public static string Format(IEnumerable<int> symbols) => string.Concat(symbols.Select(s => Symbols[s]));
}
