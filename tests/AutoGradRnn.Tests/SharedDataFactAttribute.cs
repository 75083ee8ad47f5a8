namespace AutoGradRnn.Tests;

/// <summary>
/// A test that reads a file of <c>../shared/</c> (the course data beside the repository, which a user's clone does not
/// have). Where the file is absent the test is reported as skipped, with the reason, never as passed.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <param name="relativePath">The file's path under <c>../shared/</c>, with '/' separators.</param>
    public SharedDataFactAttribute(string relativePath)
    {
        if (!File.Exists(PathOf(relativePath)))
            Skip = $"needs ../shared/{relativePath}, which is absent (a clone without ../shared)";
    }

    /// <summary>The full path of a file under <c>../shared/</c>.</summary>
    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", relativePath.Replace('/', Path.DirectorySeparatorChar)));
}
