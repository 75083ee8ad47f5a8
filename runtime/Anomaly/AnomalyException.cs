namespace AutoGradRnn;

/// <summary>
/// A NaN or ±Inf found by anomaly mode (<see cref="AnomalyMode"/>): in a value the forward pass computed or in an
/// adjoint a rule wrote, with where it happened in the user's source. The message reads, for example,
/// <c>NaN in the gradient of c at models/Cells/Lstm.cs line 50 "var cNext = f * c + i * g;", iteration t = 17, entry [0, 42]; first produced by the rule of Multiply</c>.
/// </summary>
public sealed class AnomalyException : Exception
{
    public AnomalyException(AnomalySite site, string kind, string iterations, string entry)
        : base(Describe(site, kind, iterations, entry))
    {
        Site = site;
        Kind = kind;
        Iterations = iterations;
        Entry = entry;
    }

    /// <summary>The statement, tensor and primitive.</summary>
    public AnomalySite Site { get; }

    /// <summary>"NaN", "+Inf" or "-Inf".</summary>
    public string Kind { get; }

    /// <summary>"t = 17", outer loops first; empty outside any loop.</summary>
    public string Iterations { get; }

    /// <summary>The first bad entry's index: "[0, 42]", or "" for a double.</summary>
    public string Entry { get; }

    /// <summary>The site's file, relative to the working directory when it lies under it.</summary>
    public static string DisplayPath(string file)
    {
        if (file.Length == 0) return "<unknown file>";
        try
        {
            string relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)) file = relative;
        }
        catch (ArgumentException) { }
        return file.Replace('\\', '/');
    }

    private static string Describe(AnomalySite site, string kind, string iterations, string entry) =>
        kind + " in the " + (site.Gradient ? "gradient" : "value") + " of " + site.Name
        + " at " + DisplayPath(site.File) + " line " + site.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \"" + site.Statement + "\""
        + (iterations.Length > 0 ? ", iteration " + iterations : "")
        + (entry.Length > 0 ? ", entry " + entry : "")
        + (site.Gradient ? "; first produced by the rule of " : "; produced by ") + site.Producer;
}
