using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Runs;

/// <summary>
/// What a training run does with its checkpoint path before the first step, and holds until it ends: the path is
/// checked (<see cref="OutputPreflight"/>), locked against other runs (<see cref="RunLock"/>), refused if it already
/// holds another run's checkpoint (unless the run resumes it or is forced) or a file that is not a checkpoint (always),
/// and cleared of the temporary files that interrupted writes left (<see cref="StaleTempFiles"/>).
/// </summary>
public sealed class CheckpointRun : IDisposable
{
    private readonly RunLock _lock;

    private CheckpointRun(string path, string target, RunLock runLock)
    {
        Path = path;
        Target = target;
        _lock = runLock;
    }

    /// <summary>The checkpoint path as given.</summary>
    public string Path { get; }

    /// <summary>The full path written (links resolved).</summary>
    public string Target { get; }

    /// <param name="path">The checkpoint path.</param>
    /// <param name="option">The option that gave it, for messages (e.g. <c>--checkpoint</c>).</param>
    /// <param name="resume">The run continues the checkpoint at the path: it may, and must, exist.</param>
    /// <param name="force">An existing checkpoint of another run may be replaced (a file that is not a checkpoint never is).</param>
    /// <param name="notices">Where the removal of stale temporary files is reported.</param>
    /// <exception cref="RunRefusedException">The path cannot be written, another run holds it, or it holds another run's checkpoint or a file that is not a checkpoint.</exception>
    public static CheckpointRun Open(string path, string option, bool resume, bool force, TextWriter notices)
    {
        string target = OutputPreflight.Check(path, option);
        var runLock = RunLock.Acquire(target, option, path);
        try
        {
            if (!resume && FileKinds.Of(target) == FileKind.Regular)
            {
                // Only a checkpoint is ever replaced, and another run's only when asked: a file that is not one (a
                // corpus given as the checkpoint by mistake, notes, another tool's weights) is never overwritten.
                if (Describe(path) is not { } other)
                    throw new RunRefusedException($"{option} '{path}' is a file that is not a checkpoint this build reads, and such a file is never replaced (not even with --force); give this run another {option}, or move the file away.");
                if (!force)
                    throw new RunRefusedException($"{option} '{path}' already holds {other}; continue it with --resume, replace it with --force, or give this run another {option}.");
            }
            var removed = StaleTempFiles.Sweep(target);
            if (removed.Count > 0)
                notices.WriteLine($"removed {removed.Count} stale temporary file{(removed.Count == 1 ? "" : "s")} of an interrupted checkpoint write: {string.Join(", ", removed)}");
            return new CheckpointRun(path, target, runLock);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>"the checkpoint of another run (…)", or null when the file is not a checkpoint this build reads.</summary>
    private static string? Describe(string path)
    {
        try
        {
            var saved = TrainingCheckpoint.Load(path);
            return $"the checkpoint of another run ({saved.ModelKind}, step {saved.Step:N0})";
        }
        catch (CheckpointException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
