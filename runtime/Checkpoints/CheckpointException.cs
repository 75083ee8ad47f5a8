namespace AutoGradRnn.Checkpoints;

/// <summary>A checkpoint that cannot be written, read or used: the message names the file and the problem
/// (truncated, bad header, offsets out of range, a missing tensor, a shape that does not fit, …).</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"Checkpoint '{path}': {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>The problem, without the file name.</summary>
    public string Problem { get; }
}
