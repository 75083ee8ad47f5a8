using System.Diagnostics;

namespace AutoGradRnn.Tests.App.SideBySide;

/// <summary>Debian's <c>chromium</c>, headless, for the tests that open <c>show --html</c>'s page in a real browser:
/// <c>$AUTOGRADRNN_CHROMIUM</c>, else <c>chromium</c> or <c>chromium-browser</c> on the PATH. <c>.ci/run</c> installs it.</summary>
public static class Chromium
{
    public static string? Executable { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("AUTOGRADRNN_CHROMIUM") is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the browser headless on <paramref name="url"/> with <paramref name="arguments"/> (its own profile
    /// folder, no sandbox, which root needs, no GPU; a time budget so the page's script has run) and returns its
    /// standard output; fails with its standard error when it exits with an error or takes over two minutes.</summary>
    public static string Run(string url, params string[] arguments)
    {
        Assert.True(Executable is not null, "chromium is not installed");
        var profile = Directory.CreateTempSubdirectory("autogradrnn-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Executable!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=3000" })
                info.ArgumentList.Add(a);
            foreach (var a in arguments) info.ArgumentList.Add(a);
            info.ArgumentList.Add(url);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium took over two minutes");
            }
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>A test that needs <see cref="Chromium"/>: reported as skipped, with the reason, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
            Skip = "needs chromium, which is not installed (Debian: apt-get install -y chromium; .ci/run installs it; or set AUTOGRADRNN_CHROMIUM to the browser)";
    }
}
