using System.Diagnostics;
using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>A real full disk: a tmpfs of a few pages mounted in the test's folder, which needs root (and a kernel that
/// lets the container mount); elsewhere the test is skipped, and the full disk is covered by the injected failure of
/// <see cref="FaultInjectionTests"/>.</summary>
public class DiskFullTests
{
    /// <summary>Runs the test only where a tmpfs can be mounted: tried once, on a scratch folder, when the tests are
    /// discovered (xunit 2 cannot skip a test once it runs).</summary>
    private sealed class TmpfsFactAttribute : FactAttribute
    {
        private static readonly Lazy<bool> CanMount = new(() =>
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/bin/mount")) return false;
            var probe = Directory.CreateTempSubdirectory("autogradrnn-tmpfs-probe-").FullName;
            try
            {
                if (!Run("/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe)) return false;
                Run("/bin/umount", probe);
                return true;
            }
            finally
            {
                try { Directory.Delete(probe); } catch (IOException) { }
            }
        });

        public TmpfsFactAttribute()
        {
            if (!CanMount.Value) Skip = "needs to mount a small tmpfs (root on Linux, with mounting allowed); the injected full disk of FaultInjectionTests still runs";
        }
    }

    private static bool Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    [TmpfsFact]
    public void On_a_full_disk_training_goes_on_the_previous_checkpoint_stays_and_the_run_exits_1()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        string[] Train(string checkpoint) =>
            ["train", "--data", data, "--hidden", "8", "--embedding", "4", "--seq", "5", "--steps", "30", "--sample-every", "0",
             "--progress-every", "10", "--checkpoint-every", "10", "--checkpoint", checkpoint];
        var sized = App.AppRunner.Run(Train(app.File("sized.safetensors")));
        Assert.True(sized.Code == 0, sized.Error);
        long size = new FileInfo(app.File("sized.safetensors")).Length;

        // Room for one checkpoint and its lock file, not for a second beside it: the write at step 20 finds the disk full.
        var disk = Directory.CreateDirectory(app.File("disk")).FullName;
        Assert.True(Run("/bin/mount", "-t", "tmpfs", "-o", $"size={size + 4096}", "tmpfs", disk), "mount tmpfs");
        try
        {
            var checkpoint = Path.Combine(disk, "run.safetensors");
            var run = App.AppRunner.Run(Train(checkpoint));
            Assert.Equal(1, run.Code);
            Assert.Contains("autogradrnn: the checkpoint of step 20 was not written: could not be written (No space left on device", run.Error);
            Assert.Contains($"Training goes on; '{checkpoint}' still holds step 10; the next try is at step 30.", run.Error);
            Assert.Contains("autogradrnn: the final checkpoint (step 30) was not written", run.Error);
            Assert.Contains("step        30", run.Output);
            Assert.Equal(10, TrainingCheckpoint.Load(checkpoint).Step);
            Assert.Empty(Directory.GetFiles(disk, "*.tmp"));
        }
        finally
        {
            Run("/bin/umount", disk);
        }
    }
}
