using AutoGradRnn.Runs;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>One run per checkpoint (issue 17, item 4): the path is locked for the run's lifetime, a second run gets a
/// clear exit 2, and a checkpoint of another run is replaced only with --force (or continued with --resume).</summary>
public class RunLockTests
{
    private static string[] Train(string data, string checkpoint, int steps, params string[] more) =>
        ["train", "--data", data, "--hidden", "8", "--embedding", "4", "--seq", "5", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--sample-every", "0", "--checkpoint", checkpoint, .. more];

    [Fact]
    public void A_second_lock_on_the_same_file_is_refused_until_the_first_is_released()
    {
        using var app = new App.AppRunner();
        var target = app.File("run.safetensors");
        using (RunLock.Acquire(target, "--checkpoint", target))
        {
            var e = Assert.Throws<RunRefusedException>(() => RunLock.Acquire(target, "--checkpoint", "run.safetensors"));
            Assert.Equal($"--checkpoint 'run.safetensors' is in use by another run, which holds '{RunLock.PathFor(target)}'; wait for it to finish, or give this run another --checkpoint.", e.Message);
        }
        using (RunLock.Acquire(target, "--checkpoint", target)) { }
        Assert.False(File.Exists(RunLock.PathFor(target)));
    }

    [Fact]
    public void A_second_process_on_a_running_checkpoint_exits_2()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        using var first = ChildApp.App(app.Folder, Train(data, checkpoint, 100_000_000, "--progress-every", "50", "--checkpoint-every", "0"));
        first.WaitFor("step        50");
        var second = App.AppRunner.Run(Train(data, checkpoint, 10, "--force"));
        Assert.Equal(2, second.Code);
        Assert.Contains($"--checkpoint '{checkpoint}' is in use by another run", second.Error);
        var resumed = App.AppRunner.Run(Train(data, checkpoint, 10, "--resume"));
        Assert.Equal(2, resumed.Code);
        first.Signal(ChildApp.SIGTERM);
        Assert.Equal(143, first.WaitForExit());
    }

    [Fact]
    public void Another_runs_checkpoint_is_kept_unless_forced()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        Assert.Equal(0, App.AppRunner.Run(Train(data, checkpoint, 20)).Code);
        var saved = File.ReadAllBytes(checkpoint);

        var quick = App.AppRunner.Run(Train(data, checkpoint, 3));
        Assert.Equal(2, quick.Code);
        Assert.Equal($"autogradrnn: --checkpoint '{checkpoint}' already holds the checkpoint of another run (lstm, step 20); continue it with --resume, replace it with --force, or give this run another --checkpoint.\n",
            quick.Error.ReplaceLineEndings("\n"));
        Assert.Equal(saved, File.ReadAllBytes(checkpoint));

        var forced = App.AppRunner.Run(Train(data, checkpoint, 3, "--force"));
        Assert.True(forced.Code == 0, forced.Error);
        Assert.Equal(3, Checkpoints.TrainingCheckpoint.Load(checkpoint).Step);
    }

    /// <summary>Only a checkpoint is ever replaced: a file that is not one (notes, the training text itself given as the
    /// checkpoint by mistake, an empty file, a checkpoint cut short) is refused with exit 2 and left as it was, with or
    /// without --force.</summary>
    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_never_replaced_even_when_forced()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        Assert.Equal(0, App.AppRunner.Run(Train(data, app.File("run.safetensors"), 3)).Code);
        var good = File.ReadAllBytes(app.File("run.safetensors"));
        var files = new[]
        {
            app.Write("notes.txt", "not a checkpoint"u8.ToArray()),
            data,
            app.Write("empty.safetensors", []),
            app.Write("cut.safetensors", good[..(good.Length / 2)]),
        };
        foreach (var file in files)
        {
            var before = File.ReadAllBytes(file);
            foreach (var force in new[] { Array.Empty<string>(), ["--force"] })
            {
                var run = App.AppRunner.Run(Train(data, file, 3, force));
                Assert.True(run.Code == 2, $"{file} {string.Join(' ', force)}: exit {run.Code}\n{run.Error}");
                Assert.Equal($"autogradrnn: --checkpoint '{file}' is a file that is not a checkpoint this build reads, and such a file is never replaced (not even with --force); give this run another --checkpoint, or move the file away.\n",
                    run.Error.ReplaceLineEndings("\n"));
                Assert.Equal(before, File.ReadAllBytes(file));
            }
        }
    }
}
