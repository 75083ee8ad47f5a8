using System.Collections.Concurrent;
using AutoGradRnn.Runs;

namespace AutoGradRnn.Checkpoints;

/// <summary>Replaces a file all at once: the content goes to a temporary file <c>.&lt;name&gt;.&lt;guid&gt;.tmp</c> in the same
/// directory, held with an exclusive lock, is flushed to disk, and only then is moved over the target. If anything
/// fails the temporary file is deleted and the old file is left exactly as it was. A symbolic link is followed (its
/// target is replaced, the link stays); a target that exists and is not a regular file (a device, a FIFO, a directory)
/// is refused, never replaced.</summary>
public static class AtomicFile
{
    private static readonly ConcurrentDictionary<string, byte> InFlight = new(StringComparer.Ordinal);

    /// <summary>Test-only fault injection: called at each <see cref="WriteStage"/> of every write. Internal, so that only
    /// the fault-injection host (a separate test program) can set it; a normal run never does.</summary>
    internal static Action<WriteStage>? FaultHook;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <remarks>The rename is atomic on POSIX file systems and on NTFS; the directory entry itself is not
    /// fsynced (.NET has no portable call for that), so after a power loss the old or the new file is there,
    /// never a partial one.</remarks>
    /// <exception cref="IOException">The file cannot be written, or the path names something other than a regular file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = WriteTarget.Resolve(path);
        var kind = FileKinds.Of(full);
        if (kind is not (FileKind.Missing or FileKind.Regular))
            throw new IOException($"'{path}' is {FileKinds.Describe(kind)}; only a regular file is replaced.");
        string directory = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var hook = FaultHook;
        InFlight[temp] = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                hook?.Invoke(WriteStage.TempCreated);
                if (hook is null) write(stream);
                else WriteInHalves(stream, write, hook);
                stream.Flush(flushToDisk: true);
                hook?.Invoke(WriteStage.Flushed);
            }
            File.Move(temp, full, overwrite: true);
            hook?.Invoke(WriteStage.Renamed);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            InFlight.TryRemove(temp, out _);
        }
    }

    /// <summary>Deletes the temporary files of the writes in flight in this process: for an exit that cannot wait for them.</summary>
    public static void DeleteTemporaries()
    {
        foreach (var temp in InFlight.Keys) TryDelete(temp);
    }

    private static void WriteInHalves(FileStream stream, Action<Stream> write, Action<WriteStage> hook)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        int half = bytes.Length / 2;
        stream.Write(bytes[..half]);
        stream.Flush();
        hook(WriteStage.HalfWritten);
        stream.Write(bytes[half..]);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original exception matters more; a stray temp file is harmless and the next run removes it.
        }
    }
}

/// <summary>The steps of <see cref="AtomicFile.Write"/>, where the fault-injection hook is called.</summary>
internal enum WriteStage
{
    TempCreated,
    HalfWritten,
    Flushed,
    Renamed,
}
