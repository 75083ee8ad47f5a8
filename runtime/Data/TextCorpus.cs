using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace AutoGradRnn.Data;

/// <summary>
/// A training text read from a file and checked: it must exist, be non-empty, look like text (no NUL bytes,
/// few control characters) and be valid UTF-8. Any problem is a <see cref="DataException"/> naming the file.
/// </summary>
public sealed class TextCorpus
{
    /// <summary>The largest share of control characters (other than tab, line feed, carriage return and form
    /// feed) a text file may have before it is taken for binary.</summary>
    public const double DefaultMaxControlFraction = 0.05;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private TextCorpus(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>The file it was read from (or the name given to <see cref="FromText"/>).</summary>
    public string Path { get; }

    /// <summary>The decoded text, without a byte-order mark.</summary>
    public string Text { get; }

    /// <summary>Reads and checks a UTF-8 text file.</summary>
    /// <exception cref="DataException">Missing, a directory, unreadable, empty, binary, or not valid UTF-8.</exception>
    public static TextCorpus Load(string path, double maxControlFraction = DefaultMaxControlFraction)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new DataException(path, "is a directory; expected a UTF-8 text file.");
        if (!File.Exists(path)) throw new DataException(path, "file not found; expected a UTF-8 text file.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException(path, $"cannot be read ({e.Message}).", e);
        }
        return FromBytes(path, bytes, maxControlFraction);
    }

    /// <summary>Checks and decodes bytes as if read from the file <paramref name="path"/>.</summary>
    public static TextCorpus FromBytes(string path, ReadOnlySpan<byte> bytes, double maxControlFraction = DefaultMaxControlFraction)
    {
        if (bytes.Length == 0) throw new DataException(path, "the file is empty; expected UTF-8 text.");
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.Length == 0) throw new DataException(path, "the file holds only a byte-order mark; expected UTF-8 text.");

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0) throw new DataException(path, $"contains a NUL byte at offset {nul}: this looks like a binary file; expected UTF-8 text.");
        int control = 0;
        foreach (byte b in bytes)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C) || b == 0x7F) control++;
        }
        if (control > maxControlFraction * bytes.Length)
            throw new DataException(path, string.Create(CultureInfo.InvariantCulture,
                $"{control} of its {bytes.Length} bytes are control characters ({100.0 * control / bytes.Length:0.#}%): this looks like a binary file; expected UTF-8 text."));

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataException(path, $"is not valid UTF-8 (the first invalid byte is at offset {FirstInvalidUtf8(bytes)}); expected UTF-8 text.", e);
        }
        return new TextCorpus(path, text);
    }

    /// <summary>A corpus over text already in memory (checked for emptiness only).</summary>
    public static TextCorpus FromText(string text, string name = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new DataException(name, "the text is empty.");
        return new TextCorpus(name, text);
    }

    /// <summary>The text split into words at white space, with <paramref name="endOfLine"/> (the PTB's
    /// <c>&lt;eos&gt;</c>) after every line that ends in a line break; null leaves line ends out.</summary>
    public List<string> Words(string? endOfLine = "<eos>")
    {
        var words = new List<string>();
        int start = 0;
        while (start < Text.Length)
        {
            int newline = Text.IndexOf('\n', start);
            int end = newline < 0 ? Text.Length : newline;
            words.AddRange(Text.AsSpan(start, end - start).ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (newline < 0) break;
            if (endOfLine is not null) words.Add(endOfLine);
            start = newline + 1;
        }
        return words;
    }

    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[Math.Min(bytes.Length, 1 << 16)];
        long offset = 0;
        while (bytes.Length > 0)
        {
            var status = Utf8.ToUtf16(bytes, chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            if (status is System.Buffers.OperationStatus.InvalidData or System.Buffers.OperationStatus.NeedMoreData) return offset + read;
            offset += read;
            bytes = bytes[read..];
            if (status == System.Buffers.OperationStatus.Done) break;
        }
        return offset;
    }
}

/// <summary>A token stream cut into training and validation parts: the first <c>trainFraction</c> of the
/// tokens and the rest (90% / 10% by default).</summary>
public sealed record DataSplit(int[] Train, int[] Validation)
{
    public const double DefaultTrainFraction = 0.9;

    /// <summary>The first ⌊n·trainFraction⌋ tokens for training, the rest for validation.</summary>
    /// <param name="tokens">The whole token stream.</param>
    /// <param name="trainFraction">In (0, 1]; 1 leaves no validation data.</param>
    /// <param name="name">What the tokens are (their file), for the error message.</param>
    /// <exception cref="DataException">The training part would hold no token.</exception>
    public static DataSplit Create(int[] tokens, double trainFraction = DefaultTrainFraction, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!(trainFraction > 0 && trainFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), $"The training fraction must be in (0, 1]; got {trainFraction}.");
        int train = (int)Math.Floor(tokens.Length * trainFraction);
        if (train == 0)
            throw new DataException(name, $"has {Tokens(tokens.Length)}: its first {trainFraction * 100:0.##}%, the training part, holds none; expected a longer text.");
        return new DataSplit(tokens[..train], tokens[train..]);
    }

    /// <summary>"1 token", "2 tokens".</summary>
    internal static string Tokens(int count) => count == 1 ? "1 token" : $"{count:N0} tokens";
}
