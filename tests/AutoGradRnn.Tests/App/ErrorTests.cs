namespace AutoGradRnn.Tests.App;

/// <summary>Every bad input is one line on standard error naming the problem, exit code 2, and nothing written.</summary>
public class ErrorTests
{
    private static void AssertBadInput((int Code, string Output, string Error) run, string expected)
    {
        Assert.True(run.Code == 2, $"exit code {run.Code}; stderr: {run.Error}; stdout: {run.Output}");
        Assert.Contains(expected, run.Error);
        Assert.StartsWith("autogradrnn: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    public static TheoryData<string, byte[], string> BadData => new()
    {
        { "empty.txt", [], "the file is empty" },
        { "binary.dat", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x41], "binary" },
        { "latin1.txt", "caf\u00e9 au lait, encore un caf\u00e9 au lait s'il vous pla\u00eet"u8.ToArray().Select(b => b).Concat(new byte[] { 0xE9, 0x20, 0x41 }).ToArray(), "not valid UTF-8" },
        { "short.txt", "far too short"u8.ToArray(), "short.txt (its training part: the first 90% of its 13 characters): has 11 tokens, too few for one window of 25" },
        // Too short to hold out a tenth and still train on anything.
        { "one.txt", "a"u8.ToArray(), "one.txt: has 1 token: its first 90%, the training part, holds none" },
        { "two.txt", "ab"u8.ToArray(), "two.txt (its training part: the first 90% of its 2 characters): has 1 token, too few" },
        // Long enough as a whole (27 characters) but not once the last tenth is held out.
        { "held.txt", "abcdefghijklmnopqrstuvwxyz."u8.ToArray(), "held.txt (its training part: the first 90% of its 27 characters): has 24 tokens, too few" },
    };

    [Theory]
    [MemberData(nameof(BadData))]
    public void Bad_data_is_refused_and_no_checkpoint_is_written(string name, byte[] bytes, string expected)
    {
        using var app = new AppRunner();
        var data = app.Write(name, bytes);
        var ckpt = app.File("out.safetensors");
        AssertBadInput(AppRunner.Run("train", "--data", data, "--checkpoint", ckpt), expected);
        Assert.False(File.Exists(ckpt));
        Assert.Equal([data], Directory.GetFiles(app.Folder));
    }

    [Fact]
    public void A_missing_data_file_is_named()
    {
        using var app = new AppRunner();
        AssertBadInput(AppRunner.Run("train", "--data", app.File("nowhere.txt"), "--checkpoint", app.File("o.safetensors")), "nowhere.txt: file not found");
    }

    [Theory]
    [InlineData("--hidden", "0", "--hidden must be a positive integer")]
    [InlineData("--embedding", "-3", "--embedding must be a positive integer")]
    [InlineData("--seq", "0", "--seq must be a positive integer")]
    [InlineData("--batch", "0", "--batch must be a positive integer")]
    [InlineData("--lr", "-0.1", "--lr must be a positive finite number")]
    [InlineData("--lr", "0", "--lr must be a positive finite number")]
    [InlineData("--clip", "-5", "--clip must be a finite number ≥ 0")]
    [InlineData("--clip-norm", "0", "--clip-norm must be a positive finite number")]
    [InlineData("--steps", "-1", "--steps must be ≥ 0")]
    [InlineData("--epochs", "0", "--epochs must be a positive number")]
    [InlineData("--sample-length", "0", "--sample-length must be a positive integer")]
    [InlineData("--model", "transformer", "unknown model 'transformer'; expected one of lstm|gru|elman")]
    [InlineData("--optimizer", "rmsprop", "unknown optimizer 'rmsprop'")]
    [InlineData("--hidden", "many", "'many'")]
    [InlineData("--loss", "median", "--loss: expected sum or mean, got 'median'")]
    [InlineData("--lr-decay", "1.5", "--lr-decay must be a factor in (0, 1]")]
    [InlineData("--lr-decay", "0", "--lr-decay must be a factor in (0, 1]")]
    [InlineData("--lr-decay-after", "-1", "--lr-decay-after must be ≥ 0 epochs")]
    [InlineData("--eval-every", "-2", "--eval-every must be ≥ 0")]
    [InlineData("--plot", "curve.jpg", "--plot 'curve.jpg': expected a file ending in .png or .svg")]
    public void Nonsensical_options_are_refused(string option, string value, string expected)
    {
        using var app = new AppRunner();
        var ckpt = app.File("o.safetensors");
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, option, value, "--checkpoint", ckpt), expected);
        Assert.False(File.Exists(ckpt));
    }

    [Fact]
    public void Unknown_commands_and_options_exit_2()
    {
        Assert.Equal(2, AppRunner.Run("frobnicate").Code);
        Assert.Equal(2, AppRunner.Run("train", "--no-such-option").Code);
        AssertBadInput(AppRunner.Run("gradcheck", "--model", "nope"), "unknown model 'nope'");
        AssertBadInput(AppRunner.Run("show", "--model", "nope"), "unknown model 'nope'");
    }

    /// <summary>A small trained checkpoint shared by the checkpoint tests.</summary>
    private static string Trained(AppRunner app, string name = "run.safetensors")
    {
        var path = app.File(name);
        var run = AppRunner.Run("train", "--data", AppRunner.Corpus, "--hidden", "8", "--embedding", "4", "--steps", "20", "--sample-every", "0", "--checkpoint", path);
        Assert.True(run.Code == 0, run.Error);
        return path;
    }

    [Fact]
    public void Checkpoint_errors_are_refused_and_leave_the_checkpoint_unchanged()
    {
        using var app = new AppRunner();
        var path = Trained(app);
        var before = File.ReadAllBytes(path);

        // A model, sizes or vocabulary that do not match.
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--resume", "--model", "gru", "--checkpoint", path), "--model gru does not match the checkpoint");
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--resume", "--hidden", "9", "--checkpoint", path), "--hidden 9 does not match the checkpoint");
        var other = app.Write("other.txt", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abc def ghi\n", 100))));
        AssertBadInput(AppRunner.Run("train", "--data", other, "--resume", "--checkpoint", path), "the vocabulary of");
        // Bad data with the checkpoint as the target, even with --force: the old checkpoint stays.
        AssertBadInput(AppRunner.Run("train", "--data", app.Write("e.txt", []), "--force", "--checkpoint", path), "empty");
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--lr", "-1", "--force", "--checkpoint", path), "--lr");
        // Without --force, another run's checkpoint is refused before anything else.
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--checkpoint", path), "already holds the checkpoint of another run");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Truncated_or_corrupted_checkpoints_are_refused()
    {
        using var app = new AppRunner();
        var good = File.ReadAllBytes(Trained(app));
        var truncated = app.Write("truncated.safetensors", good[..(good.Length / 2)]);
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", truncated), "truncated.safetensors");
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--resume", "--checkpoint", truncated), "truncated.safetensors");
        var garbage = app.Write("garbage.safetensors", "this is not a checkpoint at all"u8.ToArray());
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", garbage), "garbage.safetensors");
        var header = (byte[])good.Clone();
        header[10] = (byte)'#';
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", app.Write("header.safetensors", header)), "header.safetensors");
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", app.File("absent.safetensors")), "no checkpoint at");
        AssertBadInput(AppRunner.Run("train", "--data", AppRunner.Corpus, "--resume", "--checkpoint", app.File("absent.safetensors")), "--resume: no checkpoint at");
        Assert.Equal(good, File.ReadAllBytes(app.File("run.safetensors")));
    }

    [Fact]
    public void Sample_options_are_checked()
    {
        using var app = new AppRunner();
        var path = Trained(app);
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", path, "--temperature", "-1"), "--temperature must be");
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", path, "--length", "0"), "--length must be a positive integer");
        AssertBadInput(AppRunner.Run("sample", "--checkpoint", path, "--prime", "\u2603"), "'\u2603' (U+2603) is not in the checkpoint's vocabulary");
    }
}
