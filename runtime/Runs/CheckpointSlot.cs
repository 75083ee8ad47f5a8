using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Runs;

/// <summary>
/// A running job's checkpoint file. Each write is atomic; a write that fails (a full disk, a vanished folder) is
/// reported, not thrown, so training goes on with its state in memory, the previous checkpoint stays intact, and the
/// next interval tries again.
/// </summary>
public sealed class CheckpointSlot(string path, long? heldStep = null)
{
    /// <summary>The checkpoint file, as the user gave it.</summary>
    public string Path { get; } = path;

    /// <summary>The step the file holds for this run: the last one written, or the one resumed from.</summary>
    public long? WrittenStep { get; private set; } = heldStep;

    /// <summary>Writes the checkpoint of <paramref name="step"/>; null on success, else what went wrong.</summary>
    public string? TryWrite(TrainingCheckpoint checkpoint, long step)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            checkpoint.Save(Path);
            WrittenStep = step;
            return null;
        }
        catch (CheckpointException e)
        {
            return e.Problem;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>What the file holds after a failed write: "still holds step N" or "holds no checkpoint of this run yet".</summary>
    public string Holding => WrittenStep is long s ? $"'{Path}' still holds step {s:N0}" : $"'{Path}' holds no checkpoint of this run yet";
}
