using System.Diagnostics;

namespace AutoGradRnn.Tests.App;

/// <summary>
/// <c>sample … | head</c>: when the reader of standard output closes the pipe, <c>sample</c> stops with exit code 0
/// instead of drawing the rest of its length unread (.NET's console writer ignores a broken pipe). Through a pipe that is
/// read to the end, the text is the one a file gets.
/// </summary>
public class SamplePipeTests
{
    /// <summary>Runs the test on Linux only, where the app reads /proc to see that its output is a pipe (xunit 2 cannot
    /// skip a test once it runs); elsewhere it is reported as skipped, with the reason.</summary>
    private sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux()) Skip = "the broken-pipe check reads /proc/self/fd, which only Linux has";
        }
    }

    private static Process Sample(string folder, string checkpoint, int length)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autogradrnn.dll"));
        foreach (var a in new[] { "sample", "--checkpoint", checkpoint, "--length", length.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "3" })
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    [LinuxFact]
    public void A_reader_that_leaves_ends_the_sample()
    {
        using var app = new AppRunner();
        var (code, _, error) = AppRunner.Run("train", "--data", AppRunner.Corpus, "--steps", "20", "--hidden", "16", "--progress-every", "10",
            "--sample-every", "0", "--checkpoint", app.File("run.safetensors"));
        Assert.True(code == 0, error);

        // The whole text through a pipe read to the end: a file's text.
        using (var whole = Sample(app.Folder, app.File("run.safetensors"), 300))
        {
            string text = whole.StandardOutput.ReadToEnd();
            Assert.True(whole.WaitForExit(60_000));
            Assert.Equal(0, whole.ExitCode);
            Assert.True(text.Length >= 300, text);
        }

        // 200 million characters, of which the reader takes a few and closes the pipe.
        using var cut = Sample(app.Folder, app.File("run.safetensors"), 200_000_000);
        var buffer = new char[64];
        Assert.True(cut.StandardOutput.Read(buffer, 0, buffer.Length) > 0);
        cut.StandardOutput.Close();
        bool exited = cut.WaitForExit(60_000);
        if (!exited) cut.Kill();
        Assert.True(exited, "sample went on writing after its reader closed the pipe");
        Assert.Equal(0, cut.ExitCode);
        Assert.Equal("", cut.StandardError.ReadToEnd());
    }
}
