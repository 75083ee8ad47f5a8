using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.Experiments;

/// <summary>Every bad option of an experiment is one line on standard error naming it, exit code 2, and nothing written.</summary>
public class ExperimentErrorTests
{
    [Fact]
    public void Ptb_data_that_is_not_there_or_not_the_ptb_is_refused_in_one_line()
    {
        using var app = new AppRunner();
        AssertBadInput(AppRunner.Run("ptb", "--data", app.File("nowhere"), "--plot", app.File("p.png")), "--data '", "is not a folder");
        var folder = Directory.CreateDirectory(app.File("partial")).FullName;
        File.WriteAllText(Path.Combine(folder, "ptb.train.txt"), " a b \n");
        File.WriteAllText(Path.Combine(folder, "ptb.valid.txt"), " a \n");
        AssertBadInput(AppRunner.Run("ptb", "--data", folder, "--plot", app.File("p.png")), "has no ptb.test.txt");
        File.WriteAllBytes(Path.Combine(folder, "ptb.test.txt"), []);
        AssertBadInput(AppRunner.Run("ptb", "--data", folder, "--plot", app.File("p.png")), "ptb.test.txt", "empty");
        File.WriteAllText(Path.Combine(folder, "ptb.test.txt"), " zebra \n");
        AssertBadInput(AppRunner.Run("ptb", "--data", folder, "--plot", app.File("p.png")), "zebra", "no <unk>");
        Assert.False(File.Exists(app.File("p.png")));
    }

    [Fact]
    public void A_run_that_diverges_is_one_line_and_exit_code_1_and_draws_nothing()
    {
        using var app = new AppRunner();
        var (code, output, error) = AppRunner.Run("memory", "--models", "elman", "--lengths", "2", "--lr", "1e30", "--steps", "5", "--hidden", "4",
            "--embedding", "2", "--batch", "2", "--test-sequences", "5", "--plot", app.File("m.png"));
        Assert.True(code == 1, $"exit code {code}; stderr: {error}; stdout: {output}");
        Assert.StartsWith("autogradrnn: memory: elman at length 2 diverged at step", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(app.File("m.png")));
    }

    private static void AssertBadInput((int Code, string Output, string Error) run, params string[] expected)
    {
        Assert.True(run.Code == 2, $"exit code {run.Code}; stderr: {run.Error}; stdout: {run.Output}");
        Assert.StartsWith("autogradrnn: ", run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        foreach (var e in expected) Assert.Contains(e, run.Error);
    }

    [Theory]
    [InlineData("memory", "--lengths", "0", "--lengths: '0' is not an integer in [1, 1000]")]
    [InlineData("memory", "--lengths", "5,,10", "--lengths: '5,,10' has an empty item")]
    [InlineData("memory", "--lengths", "5,5", "--lengths: '5,5' repeats a value")]
    [InlineData("memory", "--models", "lstm,transformer", "--models: unknown 'transformer'")]
    [InlineData("memory", "--hidden", "0", "--hidden must be a positive integer")]
    [InlineData("memory", "--lr", "-1", "--lr must be a positive finite number")]
    [InlineData("memory", "--clip-norm", "-1", "--clip-norm must be a finite number ≥ 0")]
    [InlineData("memory", "--optimizer", "rmsprop", "--optimizer: unknown optimizer 'rmsprop'")]
    [InlineData("memory", "--plot", "out.gif", "must end in .png or .svg")]
    [InlineData("reber", "--models", "tree", "--models: unknown 'tree'; expected a comma-separated list of lstm, gru, elman")]
    [InlineData("reber", "--grammars", "tomita", "--grammars: unknown 'tomita'")]
    [InlineData("reber", "--epochs", "0", "--epochs must be a positive integer")]
    [InlineData("reber", "--test-strings", "-5", "--test-strings must be a positive integer")]
    [InlineData("reber", "--lr", "nan", "--lr must be a positive finite number")]
    [InlineData("exploding", "--seq", "1", "--seq must be at least 2")]
    [InlineData("exploding", "--scales", "1,0", "--scales: '0' is not a positive number")]
    [InlineData("exploding", "--hidden", "16,x", "--hidden: 'x' is not an integer")]
    [InlineData("exploding", "--clip", "0", "--clip must be a positive finite number")]
    [InlineData("exploding", "--clip-norm", "-2", "--clip-norm must be a positive finite number")]
    [InlineData("exploding", "--models", "tree", "--models: unknown 'tree'")]
    [InlineData("exploding", "--plot", "grad.pdf", "must end in .png or .svg")]
    [InlineData("ptb", "--epochs", "0", "--epochs must be a positive integer")]
    [InlineData("ptb", "--lr", "0", "--lr must be a positive finite number")]
    [InlineData("ptb", "--decay", "-2", "--decay must be a positive finite number")]
    [InlineData("ptb", "--steps-per-epoch", "-1", "--steps-per-epoch must be ≥ 0")]
    [InlineData("ptb", "--eval-words", "1", "--eval-words must be 0 (all) or at least 2")]
    [InlineData("ptb", "--plot", "ppl.jpg", "must end in .png or .svg")]
    public void Nonsensical_options_are_refused_in_one_line(string command, string option, string value, string expected)
    {
        using var app = new AppRunner();
        var before = Directory.GetFileSystemEntries(app.Folder);
        string[] args = option == "--plot" ? [command, option, app.File(value)] : command == "reber" ? [command, option, value] : [command, option, value, "--plot", app.File("plot.png")];
        var (code, output, error) = AppRunner.Run(args);
        Assert.True(code == 2, $"exit code {code}; stderr: {error}; stdout: {output}");
        Assert.StartsWith("autogradrnn: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(before, Directory.GetFileSystemEntries(app.Folder));
    }
}
