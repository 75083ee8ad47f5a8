using AutoGradRnn.Runs;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>Temporary files of interrupted writes (issue 17, item 6): a start removes those of its checkpoint name that no
/// live process holds, and only those.</summary>
public class StaleTempFileTests
{
    [Fact]
    public void The_sweep_removes_unheld_temporaries_of_that_name_only()
    {
        using var app = new App.AppRunner();
        var target = app.File("run.safetensors");
        string Temp(string name) => app.File($".{name}.{Guid.NewGuid():N}.tmp");
        var stale = Temp("run.safetensors");
        var held = Temp("run.safetensors");
        var otherName = Temp("other.safetensors");
        var notOurs = app.File(".run.safetensors.notes.tmp");
        foreach (var f in new[] { stale, held, otherName, notOurs }) File.WriteAllText(f, "x");

        using (new FileStream(held, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal([Path.GetFileName(stale)], StaleTempFiles.Sweep(target));
        }
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(otherName));
        Assert.True(File.Exists(notOurs));
    }

    [Fact]
    public void Train_removes_stale_temporaries_at_start_and_says_so()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var stale = app.File($".run.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, new byte[4096]);
        var (code, output, error) = App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "3", "--sample-every", "0",
            "--checkpoint", app.File("run.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains($"removed 1 stale temporary file of an interrupted checkpoint write: {Path.GetFileName(stale)}", output);
        Assert.Equal(["run.safetensors", "small.txt"], Directory.GetFileSystemEntries(app.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_plot_path_is_swept_too()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var stale = app.File($".curve.svg.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, new byte[100]);
        var (code, _, error) = App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "3", "--sample-every", "0",
            "--plot", app.File("curve.svg"), "--checkpoint", app.File("run.safetensors"));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(app.File("curve.svg")));
    }
}
