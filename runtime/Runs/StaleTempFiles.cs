using System.Text.RegularExpressions;

namespace AutoGradRnn.Runs;

/// <summary>
/// Removes the temporary files that an interrupted atomic write of a file left beside it (<c>.&lt;name&gt;.&lt;32 hex&gt;.tmp</c>,
/// see <see cref="Checkpoints.AtomicFile"/>). A writer holds its temporary file open with an exclusive lock until it is
/// renamed, so a file that can be opened exclusively has no live writer and is removed; one that cannot is left alone.
/// </summary>
public static class StaleTempFiles
{
    /// <summary>Removes the stale temporary files of <paramref name="target"/> (a full path) and returns their names.</summary>
    public static IReadOnlyList<string> Sweep(string target)
    {
        string? folder = Path.GetDirectoryName(target);
        if (folder is null || !Directory.Exists(folder)) return [];
        var pattern = new Regex("^" + Regex.Escape("." + Path.GetFileName(target) + ".") + "[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant);
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "." + Path.GetFileName(target) + ".*.tmp"))
        {
            string name = Path.GetFileName(file);
            if (!pattern.IsMatch(name)) continue;
            try
            {
                using var unheld = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                File.Delete(file);
                removed.Add(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A live writer holds it, or it is not ours to remove.
            }
        }
        return removed;
    }
}
