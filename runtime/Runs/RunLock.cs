namespace AutoGradRnn.Runs;

/// <summary>
/// An exclusive lock on a checkpoint path for a run's lifetime, so that two runs never write the same file: a second
/// run is refused at start-up instead of both reporting success while the last writer wins. The lock is an advisory
/// lock (<c>flock</c> on Unix, a sharing lock on Windows) on the empty file <c>.&lt;name&gt;.lock</c> beside the checkpoint,
/// which the operating system releases when the process ends, however it ends. The file is removed when the run ends
/// normally; one left by a killed run is simply locked again by the next.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream, string lockPath)
    {
        _stream = stream;
        LockPath = lockPath;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>The lock file's path for the checkpoint at <paramref name="target"/> (a full path, links resolved).</summary>
    public static string PathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");

    /// <summary>Takes the lock for <paramref name="target"/> (as <see cref="OutputPreflight.Check"/> returned it), creating
    /// its folder if needed.</summary>
    /// <exception cref="RunRefusedException">Another process (or another run in this one) holds it, or the lock file
    /// cannot be created; <paramref name="option"/> and <paramref name="path"/> name it in the message.</exception>
    public static RunLock Acquire(string target, string option, string path)
    {
        string lockPath = PathFor(target);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            for (int attempt = 0; ; attempt++)
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // The run that held it may have removed the file between our open and our lock: then the lock is on
                // a file no longer at the path, and the next run would lock another. Take it again.
                if (File.Exists(lockPath) || attempt == 2) return new RunLock(stream, lockPath);
                stream.Dispose();
            }
        }
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new RunRefusedException($"{option} '{path}' is in use by another run, which holds '{lockPath}'; wait for it to finish, or give this run another --checkpoint.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunRefusedException($"{option} '{path}': cannot create the lock file '{lockPath}' ({e.Message.TrimEnd('.')}).", e);
        }
    }

    public void Dispose()
    {
        // Removed while still held, so no other run can be waiting on this file when it goes.
        try
        {
            File.Delete(LockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A lock file left behind is harmless: the next run locks it again.
        }
        _stream.Dispose();
    }
}
