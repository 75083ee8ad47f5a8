using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>SIGINT and SIGTERM sent to a training process (issue 17): the first finishes the step, writes a checkpoint,
/// says where and exits 130 or 143; the run then resumes; a second signal exits at once and leaves no temporary file.</summary>
public class SignalTests
{
    private static string[] Train(string data, string checkpoint, params string[] more) =>
        ["train", "--data", data, "--hidden", "8", "--embedding", "4", "--seq", "5", "--steps", "100000000", "--sample-every", "0",
         "--progress-every", "50", "--checkpoint-every", "0", "--checkpoint", checkpoint, .. more];

    [Theory]
    [InlineData(ChildApp.SIGINT, "SIGINT", 130)]
    [InlineData(ChildApp.SIGTERM, "SIGTERM", 143)]
    public void The_first_signal_writes_a_checkpoint_says_where_and_exits_with_the_conventional_code(int signal, string name, int code)
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        long step;
        using (var run = ChildApp.App(app.Folder, Train(data, checkpoint)))
        {
            run.WaitFor("step       100");
            run.Signal(signal);
            Assert.Equal(code, run.WaitForExit());
            Assert.Contains($"autogradrnn: {name}: finishing this step and writing a checkpoint; send it again to stop at once.", run.Error);
            step = TrainingCheckpoint.Load(checkpoint).Step;
            Assert.Contains($"autogradrnn: {name}: stopped after step {step:N0} of 100,000,000; checkpoint written to '{checkpoint}'; continue with: train --resume --checkpoint {checkpoint} --steps 100000000", run.Error);
        }
        Assert.True(step >= 100);
        Assert.Empty(Directory.GetFiles(app.Folder, ".run.safetensors.*"));

        var resumed = App.AppRunner.Run(["train", "--data", data, "--resume", "--steps", (step + 5).ToString(System.Globalization.CultureInfo.InvariantCulture), "--checkpoint", checkpoint]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(step + 5, TrainingCheckpoint.Load(checkpoint).Step);
    }

    [Fact]
    public void A_second_signal_exits_at_once_and_removes_the_write_in_flight()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        // The first write (at the first signal) pauses after creating its temporary file; the second signal arrives then.
        using var run = ChildApp.WithFault("TempCreated:1:pause", app.Folder, Train(data, checkpoint));
        run.WaitFor("step       100");
        run.Signal(ChildApp.SIGINT);
        run.WaitFor("paused");
        Assert.Single(Directory.GetFiles(app.Folder, ".run.safetensors.*.tmp"));
        run.Signal(ChildApp.SIGINT);
        Assert.Equal(130, run.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("autogradrnn: SIGINT again: stopped at once; the last checkpoint written is kept.", run.Error);
        Assert.Empty(Directory.GetFiles(app.Folder, ".run.safetensors.*.tmp"));
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void An_experiment_stopped_by_a_signal_says_what_is_lost()
    {
        using var app = new App.AppRunner();
        var plot = app.File("memory.png");
        using var run = ChildApp.App(app.Folder, "memory", "--models", "elman", "--lengths", "40", "--steps", "1000000", "--check-every", "10", "--plot", plot);
        run.WaitFor("step");
        run.Signal(ChildApp.SIGTERM);
        Assert.Equal(143, run.WaitForExit());
        Assert.Contains("autogradrnn: SIGTERM: stopped; the memory experiment keeps no checkpoint; its results are printed and drawn only at the end, so nothing of this run was saved.", run.Error);
        Assert.False(File.Exists(plot));
    }
}
