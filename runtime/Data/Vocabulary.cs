using System.Globalization;
using System.Text;

namespace AutoGradRnn.Data;

/// <summary>Whether a vocabulary's tokens are characters (Unicode scalar values) or words.</summary>
public enum VocabularyKind
{
    Characters,
    Words,
}

/// <summary>
/// An ordered set of tokens: id i is <c>Tokens[i]</c>. Character vocabularies hold one Unicode scalar value
/// per token (so text outside the Basic Multilingual Plane round-trips) and are built sorted by code point,
/// so the ids do not depend on hashing (the course's <c>list(set(data))</c> does); word vocabularies are built
/// in order of first appearance (as Zaremba's PTB loader). Serialized as the token list, e.g. a JSON array.
/// </summary>
public sealed class Vocabulary
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<int, int>? _runeIndex;

    private Vocabulary(VocabularyKind kind, string[] tokens)
    {
        Kind = kind;
        _tokens = tokens;
        _index = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        if (kind == VocabularyKind.Characters) _runeIndex = new Dictionary<int, int>(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            string t = tokens[i] ?? throw new ArgumentException($"Token {i} is null.", nameof(tokens));
            if (t.Length == 0) throw new ArgumentException($"Token {i} is empty.", nameof(tokens));
            if (!_index.TryAdd(t, i)) throw new ArgumentException($"Token {Describe(t)} appears twice (ids {_index[t]} and {i}).", nameof(tokens));
            if (_runeIndex is not null)
            {
                if (Rune.DecodeFromUtf16(t, out var rune, out int used) != System.Buffers.OperationStatus.Done || used != t.Length)
                    throw new ArgumentException($"Token {i} ({Describe(t)}) of a character vocabulary must be exactly one Unicode character.", nameof(tokens));
                _runeIndex[rune.Value] = i;
            }
            else if (t.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Token {i} ({Describe(t)}) of a word vocabulary contains white space.", nameof(tokens));
            }
        }
    }

    public VocabularyKind Kind { get; }

    /// <summary>The tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The number of tokens, V.</summary>
    public int Count => _tokens.Length;

    /// <summary>The token of id <paramref name="id"/>.</summary>
    public string this[int id] => (uint)id < (uint)_tokens.Length ? _tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary of {Count}.");

    /// <summary>The characters of <paramref name="text"/>, each once, sorted by code point.</summary>
    public static Vocabulary FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new SortedSet<int>();
        foreach (var r in text.EnumerateRunes()) set.Add(r.Value);
        return new Vocabulary(VocabularyKind.Characters, set.Select(v => new Rune(v).ToString()).ToArray());
    }

    /// <summary>The distinct words in order of first appearance.</summary>
    public static Vocabulary FromWords(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var w in words)
        {
            if (seen.Add(w)) list.Add(w);
        }
        return new Vocabulary(VocabularyKind.Words, list.ToArray());
    }

    /// <summary>A vocabulary with exactly these tokens in this order (what <see cref="ToList"/> gave).</summary>
    /// <exception cref="ArgumentException">A token is repeated, empty, or (for characters) not one character.</exception>
    public static Vocabulary FromList(IEnumerable<string> tokens, VocabularyKind kind)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new Vocabulary(kind, tokens.ToArray());
    }

    /// <summary>The tokens in id order, as a new list.</summary>
    public List<string> ToList() => [.. _tokens];

    /// <summary>The tokens as a JSON array of strings, in id order.</summary>
    public string ToJson() => Json.StringArray(_tokens);

    /// <summary>Reads a JSON array of strings written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a JSON array of strings, or the tokens are not a valid vocabulary.</exception>
    public static Vocabulary FromJson(string json, VocabularyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        string[] tokens = Json.ParseStringArray(json, "A vocabulary");
        try
        {
            return new Vocabulary(kind, tokens);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Not a valid {kind} vocabulary: {e.Message}", e);
        }
    }

    /// <summary>The id of <paramref name="token"/>, or −1 when it is not in the vocabulary.</summary>
    public int IndexOf(string token) => _index.TryGetValue(token, out int id) ? id : -1;

    public bool Contains(string token) => _index.ContainsKey(token);

    /// <summary>The id of the character <paramref name="rune"/>, or −1.</summary>
    public int IndexOf(Rune rune) => _runeIndex is not null && _runeIndex.TryGetValue(rune.Value, out int id) ? id : IndexOf(rune.ToString());

    /// <summary>Character vocabularies: the id of every character of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary (its position is named).</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Kind != VocabularyKind.Characters) throw new InvalidOperationException("Encode(string) reads characters; this is a word vocabulary: use EncodeWords.");
        var ids = new List<int>(text.Length);
        int position = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (!_runeIndex!.TryGetValue(r.Value, out int id))
                throw new ArgumentException($"Character {Describe(r.ToString())} at position {position} is not in the vocabulary of {Count} characters.", nameof(text));
            ids.Add(id);
            position += r.Utf16SequenceLength;
        }
        return ids.ToArray();
    }

    /// <summary>Word vocabularies: the id of every word; an unknown word maps to <paramref name="unknownToken"/>
    /// when given (e.g. <c>&lt;unk&gt;</c>), else is an error.</summary>
    public int[] EncodeWords(IEnumerable<string> words, string? unknownToken = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        int unknown = -1;
        if (unknownToken is not null && (unknown = IndexOf(unknownToken)) < 0)
            throw new ArgumentException($"The unknown-word token {Describe(unknownToken)} is not in the vocabulary.", nameof(unknownToken));
        var ids = new List<int>();
        foreach (var w in words)
        {
            if (_index.TryGetValue(w, out int id)) ids.Add(id);
            else if (unknown >= 0) ids.Add(unknown);
            else throw new ArgumentException($"Word {Describe(w)} (token {ids.Count}) is not in the vocabulary of {Count} words.", nameof(words));
        }
        return ids.ToArray();
    }

    /// <summary>The text of <paramref name="ids"/>: characters concatenated, words joined by
    /// <paramref name="wordSeparator"/>.</summary>
    public string Decode(ReadOnlySpan<int> ids, string wordSeparator = " ")
    {
        var sb = new StringBuilder(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            if (i > 0 && Kind == VocabularyKind.Words) sb.Append(wordSeparator);
            sb.Append(this[ids[i]]);
        }
        return sb.ToString();
    }

    /// <summary>A token as it appears in messages: quoted, with its code point when it is one character.</summary>
    internal static string Describe(string token)
    {
        if (Rune.DecodeFromUtf16(token, out var r, out int used) == System.Buffers.OperationStatus.Done && used == token.Length)
        {
            string shown = Rune.IsControl(r) || Rune.IsWhiteSpace(r) ? "" : token;
            return $"'{shown}' (U+{r.Value.ToString("X4", CultureInfo.InvariantCulture)})";
        }
        return $"'{token}'";
    }
}
