using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>
/// The checkpoint write protocol under faults (issue 17). The app runs in a process of its own with a fault injected at
/// one step of its second checkpoint write (the test-only host tests/AutoGradRnn.FaultHost): killed after the temporary
/// file is created, half written, flushed, or renamed. Then the checkpoint on disk loads, the next start removes the
/// dead write's temporary file, and the resumed run ends with the same bytes as a run that was never interrupted.
/// </summary>
public class FaultInjectionTests
{
    private static string[] Train(string data, string checkpoint, int steps, params string[] more) =>
        ["train", "--data", data, "--hidden", "8", "--embedding", "4", "--seq", "5", "--batch", "2", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--sample-every", "0", "--progress-every", "10", "--checkpoint-every", "10", "--checkpoint", checkpoint, .. more];

    private static string[] Temporaries(string folder, string name) =>
        Directory.GetFiles(folder, "." + name + ".*.tmp").Select(Path.GetFileName).ToArray()!;

    [Theory]
    [InlineData("TempCreated", 10)]
    [InlineData("HalfWritten", 10)]
    [InlineData("Flushed", 10)]
    [InlineData("Renamed", 20)]
    public void A_crash_at_any_step_of_a_write_leaves_a_checkpoint_that_resumes_to_the_same_bytes(string stage, long survivingStep)
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var straight = App.AppRunner.Run(Train(data, app.File("straight.safetensors"), 40));
        Assert.True(straight.Code == 0, straight.Error);

        var checkpoint = app.File("run.safetensors");
        using (var crashed = ChildApp.WithFault($"{stage}:2:crash", app.Folder, Train(data, checkpoint, 40)))
        {
            Assert.NotEqual(0, crashed.WaitForExit());
        }
        // The last complete write is on disk: step 10, or step 20 when the rename had happened.
        Assert.Equal(survivingStep, TrainingCheckpoint.Load(checkpoint).Step);
        Assert.Equal(stage == "Renamed" ? 0 : 1, Temporaries(app.Folder, "run.safetensors").Length);

        var resumed = App.AppRunner.Run(Train(data, checkpoint, 40, "--resume"));
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Empty(Temporaries(app.Folder, "run.safetensors"));
        if (stage != "Renamed") Assert.Contains("removed 1 stale temporary file of an interrupted checkpoint write", resumed.Output);
        Assert.Equal(File.ReadAllBytes(app.File("straight.safetensors")), File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void A_failed_write_mid_run_keeps_training_and_the_previous_checkpoint_and_retries()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var straight = App.AppRunner.Run(Train(data, app.File("straight.safetensors"), 40));
        Assert.True(straight.Code == 0, straight.Error);

        // The second write (step 20) fails half-way as on a full disk; the third (step 30) and the final one succeed.
        var checkpoint = app.File("run.safetensors");
        using var run = ChildApp.WithFault("HalfWritten:2:fail", app.Folder, Train(data, checkpoint, 40));
        Assert.Equal(0, run.WaitForExit());
        Assert.Contains($"autogradrnn: the checkpoint of step 20 was not written: could not be written (No space left on device); any previous file there is unchanged. " +
                        $"Training goes on; '{checkpoint}' still holds step 10; the next try is at step 30.", run.Error);
        Assert.Contains("step        40", run.Output);
        Assert.Empty(Temporaries(app.Folder, "run.safetensors"));
        Assert.Equal(File.ReadAllBytes(app.File("straight.safetensors")), File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void A_failed_final_write_says_so_and_exits_1_leaving_the_last_checkpoint()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        // Writes at steps 10, 20, 30 and the final one at 40: the fourth fails.
        using var run = ChildApp.WithFault("HalfWritten:4:fail", app.Folder, Train(data, checkpoint, 40));
        Assert.Equal(1, run.WaitForExit());
        Assert.Contains($"autogradrnn: the final checkpoint (step 40) was not written: could not be written (No space left on device); any previous file there is unchanged. '{checkpoint}' still holds step 30.", run.Error);
        Assert.Equal(30, TrainingCheckpoint.Load(checkpoint).Step);
        Assert.Empty(Temporaries(app.Folder, "run.safetensors"));
    }
}
