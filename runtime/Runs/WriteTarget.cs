namespace AutoGradRnn.Runs;

/// <summary>Where a write to a path lands. A symbolic link is followed to its final target: the target is what gets
/// replaced (atomically, beside it), so the link stays a link, and two paths that name the same file share one lock.</summary>
public static class WriteTarget
{
    /// <summary>The full path a write to <paramref name="path"/> replaces: the final target of a link, else the path.</summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }
}
