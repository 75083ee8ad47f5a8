using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// Approved-file snapshots without Verify: <c>Snapshots/{Class}.{Method}#{Hint}.verified.cs</c>. On a mismatch
/// the actual text is written beside it as <c>.received.cs</c> (git-ignored) and the test fails. Set
/// AUTOGRADRNN_ACCEPT=1 to accept received text; never under CI=true.
/// </summary>
public static class Snapshot
{
    public static void Match(string testClass, string testMethod, string hintName, string actual, [CallerFilePath] string callerFile = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string stem = Path.Combine(folder, $"{testClass}.{testMethod}#{Path.GetFileNameWithoutExtension(hintName)}");
        string verifiedPath = stem + ".verified.cs", receivedPath = stem + ".received.cs";
        string scrubbed = Scrub(actual);
        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == scrubbed)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && Environment.GetEnvironmentVariable("AUTOGRADRNN_ACCEPT") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, scrubbed);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, scrubbed);
        Assert.Fail(verified is null
            ? $"No approved snapshot {verifiedPath}; the actual output is in {receivedPath}. Review it and rerun with AUTOGRADRNN_ACCEPT=1."
            : $"Generated code differs from {verifiedPath}; see {receivedPath} (diff the two). Rerun with AUTOGRADRNN_ACCEPT=1 to accept.");
    }

    /// <summary>Removes what changes with every release: the generator's version.</summary>
    public static string Scrub(string text) =>
        Regex.Replace(text.Replace("\r\n", "\n"), "\"AutoGradRnn\\.Generator\", \"[^\"]+\"", "\"AutoGradRnn.Generator\", \"{version}\"")
            .Replace("AutoGradRnn.Generator " + ThisVersion, "AutoGradRnn.Generator {version}");

    private static string ThisVersion => typeof(AutoGradRnn.Generator.DifferentiableGenerator).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
}
