namespace AutoGradRnn.Data;

/// <summary>
/// Training data that cannot be used: a missing, empty, binary or non-UTF-8 file, or a corpus too short for
/// the requested windows. The message names the file and says what was expected; a command line prints it
/// and exits with code 2.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string? path, string message, Exception? inner = null)
        : base(path is null ? message : $"{path}: {message}", inner)
    {
        Path = path;
    }

    /// <summary>The file (or corpus name) the problem is about, when there is one.</summary>
    public string? Path { get; }
}
