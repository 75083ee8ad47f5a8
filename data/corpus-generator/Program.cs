using System.Globalization;
using System.Text;

namespace CorpusGenerator;

/// <summary>
/// Writes the default training corpus. With no arguments it regenerates data/corpus.txt byte for byte:
/// <c>dotnet run --project data/corpus-generator</c> (same as <c>-- --seed 1 --out data/corpus.txt</c>).
/// </summary>
internal static class Program
{
    private const ulong DefaultSeed = 1;
    private const int DefaultTargetChars = 700_000;

    private static int Main(string[] args)
    {
        ulong seed = DefaultSeed;
        string? output = null;
        int target = DefaultTargetChars;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                Console.WriteLine("usage: CorpusGenerator [--seed N] [--out PATH] [--size CHARS]");
                Console.WriteLine($"  --seed  seed of the generator (default {DefaultSeed})");
                Console.WriteLine("  --out   file to write (default: data/corpus.txt next to this project)");
                Console.WriteLine($"  --size  chapters are added until the text has at least this many characters (default {DefaultTargetChars})");
                return 0;
            }
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"{arg}: missing value (see --help)");
                return 2;
            }
            string value = args[++i];
            switch (arg)
            {
                case "--seed":
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                    {
                        Console.Error.WriteLine($"--seed: not a non-negative integer: {value}");
                        return 2;
                    }
                    break;
                case "--out":
                    output = value;
                    break;
                case "--size":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out target) || target <= 0)
                    {
                        Console.Error.WriteLine($"--size: not a positive integer: {value}");
                        return 2;
                    }
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {arg} (see --help)");
                    return 2;
            }
        }
        output ??= DefaultOutput();

        var rng = new Rng(seed);
        var lexicon = new Lexicon(rng);
        var book = new Book(rng, lexicon);
        string text = book.Build(target);

        string? dir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (dir is not null) Directory.CreateDirectory(dir);
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        File.WriteAllBytes(output, bytes);

        int distinct = text.Distinct().Count();
        int lines = text.Count(ch => ch == '\n');
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output}: {bytes.Length} bytes, {text.Length} chars, {distinct} distinct chars, {lines} lines, {book.Chapters} chapters (seed {seed})"));
        return 0;
    }

    /// <summary>data/corpus.txt: the parent of the folder that holds CorpusGenerator.csproj, found by walking up
    /// from the build output, so the default does not depend on the current directory.</summary>
    private static string DefaultOutput()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorpusGenerator.csproj")))
            {
                return Path.Combine(dir.Parent?.FullName ?? dir.FullName, "corpus.txt");
            }
        }
        return "corpus.txt";
    }
}
