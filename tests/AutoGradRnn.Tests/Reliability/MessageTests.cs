using AutoGradRnn.Runs;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>The smaller things a user notices (issue 17, item 8).</summary>
public class MessageTests
{
    [Theory]
    [InlineData("--lr", "abc", "autogradrnn: --lr: expected a number, got 'abc'.")]
    [InlineData("--hidden", "1.5", "autogradrnn: --hidden: expected a whole number, got '1.5'.")]
    [InlineData("--seed", "-1", "autogradrnn: --seed: expected a whole number ≥ 0, got '-1'.")]
    public void A_value_of_the_wrong_kind_names_the_option_and_the_kind_not_a_dotnet_type(string option, string value, string message)
    {
        var (code, _, error) = App.AppRunner.Run("train", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith(message + "\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("System.", error);
    }

    [Fact]
    public void An_unknown_command_is_named_with_the_commands()
    {
        var (code, _, error) = App.AppRunner.Run("trian", "--steps", "5");
        Assert.Equal(2, code);
        Assert.StartsWith("autogradrnn: unknown command 'trian'; expected one of train, gradcheck, sample, show, bench, memory, reber, exploding, ptb.\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Required command", error);
        var options = App.AppRunner.Run("--steps", "5");
        Assert.StartsWith("autogradrnn: expected a command before the options (train,", options.Error);
    }

    [Fact]
    public void Help_lists_the_exit_codes()
    {
        var (code, output, _) = App.AppRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 success; 1 the work failed", output);
        Assert.Contains("3 an internal error; 130/143 stopped by SIGINT/SIGTERM", output);
    }

    [Fact]
    public void The_eta_follows_the_recent_rate_not_the_slow_start()
    {
        var meter = new ThroughputMeter(window: 3);
        meter.Mark(0, 0);
        meter.Mark(1000, 10);   // the first 1000 steps: compilation, 100 steps/s
        Assert.Equal(100, meter.StepsPerSecond, 9);
        meter.Mark(2000, 14);   // then 250 steps/s
        meter.Mark(3000, 18);
        Assert.Equal(250, meter.StepsPerSecond, 9);
        Assert.Equal(28, meter.SecondsTo(10000), 9);
        Assert.True(double.IsNaN(new ThroughputMeter().StepsPerSecond));
    }

    [Fact]
    public void A_run_says_window_for_one_and_counts_its_held_out_characters_one_way()
    {
        using var app = new App.AppRunner();
        // 60 characters: 54 for training, one window of 25 a pass at batch 2; 6 held out, 5 predictions.
        var data = SmallCorpus.Write(app, characters: 60);
        var (code, output, error) = App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--batch", "2", "--steps", "2",
            "--sample-every", "0", "--checkpoint", app.File("run.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains("(1 window a pass)", output);
        Assert.Contains("training 2 steps;", output);
        Assert.Contains(", 6 held out", output);
        Assert.Contains("validation (5 predictions over the 6 held-out characters)", output);
    }

    [Fact]
    public void A_seed_given_on_resume_is_ignored_with_a_warning()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        Assert.Equal(0, App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "3", "--sample-every", "0", "--seed", "4", "--checkpoint", checkpoint).Code);
        var resumed = App.AppRunner.Run("train", "--data", data, "--resume", "--steps", "5", "--sample-every", "0", "--seed", "9", "--checkpoint", checkpoint);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal("autogradrnn: warning: --seed 9 is ignored: a resumed run continues from its checkpoint's random state (seed 4).\n", resumed.Error.ReplaceLineEndings("\n"));
        var same = App.AppRunner.Run("train", "--data", data, "--resume", "--steps", "6", "--sample-every", "0", "--seed", "4", "--checkpoint", checkpoint);
        Assert.Equal("", same.Error);
    }

    [Fact]
    public void Resuming_on_other_text_with_the_same_characters_or_on_shorter_text_is_refused_in_words()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        Assert.Equal(0, App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "100", "--sample-every", "0", "--checkpoint", checkpoint).Code);

        // The same characters in another order: the vocabulary matches, the text does not.
        var text = File.ReadAllText(data);
        var shuffled = app.File("shuffled.txt");
        File.WriteAllText(shuffled, new string(text.Reverse().ToArray()));
        var other = App.AppRunner.Run("train", "--data", shuffled, "--resume", "--steps", "101", "--checkpoint", checkpoint);
        Assert.Equal(2, other.Code);
        Assert.Equal($"autogradrnn: --data '{shuffled}' is not the text the run in '{checkpoint}' was trained on (its SHA-256 differs, though the vocabulary is the same); resume with that text, or start a new run.\n",
            other.Error.ReplaceLineEndings("\n"));

        // A checkpoint from before the text's hash was kept, resumed on shorter text with the same characters.
        var content = Checkpoints.SafeTensorsFile.Read(checkpoint);
        content.Metadata["config"] = System.Text.RegularExpressions.Regex.Replace(content.Metadata["config"], ",\"data_sha256\":\"[0-9a-f]+\"", "");
        Checkpoints.SafeTensorsFile.Write(checkpoint, content);
        var shorter = app.File("shorter.txt");
        File.WriteAllText(shorter, text[..1200] + new string(text.Distinct().Order().ToArray()));
        var cut = App.AppRunner.Run("train", "--data", shorter, "--resume", "--steps", "101", "--checkpoint", checkpoint);
        Assert.Equal(2, cut.Code);
        Assert.StartsWith($"autogradrnn: '{shorter}' is shorter than the text the run in '{checkpoint}' was trained on: the saved position (token 2,500 of each stream, epoch 0, window 100) does not fit streams of ", cut.Error);
        Assert.DoesNotContain("BatcherState", cut.Error);
        Assert.DoesNotContain("Parameter", cut.Error);
    }
}
