namespace AutoGradRnn.Models.App;

/// <summary>Finds the bundled corpus <c>data/corpus.txt</c> when no <c>--data</c> is given.</summary>
public static class DataLocator
{
    public const string BundledCorpus = "data/corpus.txt";

    /// <summary>Looks for <c>data/corpus.txt</c> in the current directory and its parents, then in the app's own
    /// directory and its parents (so <c>dotnet run --project models</c> works from the repository root and from
    /// <c>models/</c>, and a built app finds the corpus beside its build tree).</summary>
    /// <exception cref="UsageException">Not found anywhere.</exception>
    public static string FindBundledCorpus()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "corpus.txt");
                if (File.Exists(candidate)) return Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
            }
        }
        throw new UsageException($"--data was not given and the bundled corpus {BundledCorpus} was not found in the current directory, the app's directory or their parents; pass --data FILE (any UTF-8 text file).");
    }
}
