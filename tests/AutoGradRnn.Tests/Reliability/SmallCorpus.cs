namespace AutoGradRnn.Tests.Reliability;

/// <summary>The first few thousand characters of the bundled corpus, written into a test's folder: enough for short
/// runs whose held-out evaluation takes no time.</summary>
internal static class SmallCorpus
{
    public static string Write(App.AppRunner app, int characters = 3000, string name = "small.txt")
    {
        var text = File.ReadAllText(App.AppRunner.Corpus);
        var path = app.File(name);
        File.WriteAllText(path, text[..Math.Min(characters, text.Length)]);
        return path;
    }
}
