namespace AutoGradRnn.Tests;

/// <summary>The folder holding AutoGradRnn.sln, found upwards from the test binaries; for tests that read docs and snapshots.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AutoGradRnn.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No AutoGradRnn.sln above {AppContext.BaseDirectory}.");
    }
}
