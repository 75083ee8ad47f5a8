namespace AutoGradRnn.Checkpoints;

/// <summary>Replaces a file all at once: the content goes to a temporary file in the same directory, is
/// flushed to disk, and only then is moved over the target. If anything fails the temporary file is
/// deleted and the old file is left exactly as it was.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <remarks>The rename is atomic on POSIX file systems and on NTFS; the directory entry itself is not
    /// fsynced (.NET has no portable call for that), so after a power loss the old or the new file is there,
    /// never a partial one.</remarks>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original exception matters more; a stray temp file is harmless.
        }
    }
}
