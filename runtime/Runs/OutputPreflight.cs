namespace AutoGradRnn.Runs;

/// <summary>
/// Checks an output path before the work that will fill it starts, so that an unwritable path costs a second, not a
/// run: the path (after links) must be missing or a regular file, never a device, FIFO, socket or directory; its folder
/// must exist or be creatable under an existing folder; and a probe file must be creatable and removable there. Nothing
/// is created except the probe, which is removed at once.
/// </summary>
public static class OutputPreflight
{
    /// <summary>Checks <paramref name="path"/>, given by <paramref name="option"/> (e.g. <c>--checkpoint</c>), and returns
    /// the full path a write will replace (see <see cref="WriteTarget"/>).</summary>
    /// <exception cref="RunRefusedException">The path cannot be written; the message names the option and the reason.</exception>
    public static string Check(string path, string option)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string Where() => $"{option} '{path}'";
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            throw new RunRefusedException($"{Where()} names a folder; expected a file path.");

        string target;
        try
        {
            target = WriteTarget.Resolve(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RunRefusedException($"{Where()} cannot be used ({e.Message}).", e);
        }
        var kind = FileKinds.Of(target);
        if (kind is not (FileKind.Missing or FileKind.Regular))
        {
            string via = target == Path.GetFullPath(path) ? "" : $" (a link to '{target}')";
            throw new RunRefusedException($"{Where()}{via} is {FileKinds.Describe(kind)}; expected the path of a regular file (only a regular file is replaced).");
        }

        string folder = Path.GetDirectoryName(target) ?? throw new RunRefusedException($"{Where()} has no folder.");
        string existing = folder;
        while (FileKinds.Of(existing) == FileKind.Missing)
        {
            string? parent = Path.GetDirectoryName(existing);
            if (parent is null) break;
            existing = parent;
        }
        var existingKind = FileKinds.Of(existing);
        if (existingKind != FileKind.Directory)
            throw new RunRefusedException($"{Where()}: '{existing}' is {FileKinds.Describe(existingKind)}, not a folder, so the file cannot be created under it.");

        Probe(existing, Path.GetFileName(target), Where());
        return target;
    }

    private static void Probe(string folder, string name, string where)
    {
        string probe = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.probe");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "it accepts no new files",
                _ => e.Message.TrimEnd('.'),
            };
            throw new RunRefusedException($"{where}: cannot create a file in '{folder}' ({reason}).", e);
        }
    }
}
