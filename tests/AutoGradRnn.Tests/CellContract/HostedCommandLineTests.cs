using AutoGradRnn.Models.App;
using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>A program hosts the command line with its own cell, registered in one line, beside the built-in ones.</summary>
public class HostedCommandLineTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, cells => cells.Add<MinimalGatedUnit>("mgu"), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Train_takes_the_hosted_cell_and_its_loss_falls()
    {
        using var app = new AppRunner();
        var (code, output, error) = Run("train", "--model", "mgu", "--data", AppRunner.Corpus, "--hidden", "32", "--steps", "400",
            "--progress-every", "100", "--sample-every", "0", "--checkpoint", app.File("mgu.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains("autogradrnn train: mgu,", output);
        var losses = output.Split('\n').Where(l => l.StartsWith("step ")).Select(l => double.Parse(l.Split("loss", 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(losses.Count >= 4, output);
        Assert.True(losses[^1] < losses[0] - 5, $"the smoothed loss went {string.Join(" → ", losses)}");
        Assert.True(File.Exists(app.File("mgu.safetensors")));
    }

    [Fact]
    public void Gradcheck_and_show_take_the_hosted_cell()
    {
        var (code, output, error) = Run("gradcheck", "--model", "mgu");
        Assert.True(code == 0, error + output);
        Assert.Contains("== mgu:", output);
        Assert.Contains("gradcheck: all 1 passed", output);
        var all = Run("gradcheck");
        Assert.True(all.Code == 0, all.Error + all.Output);
        Assert.Contains("gradcheck: all 4 passed", all.Output);
    }

    [Fact]
    public void The_hosted_cell_is_not_seen_outside_the_call_that_registered_it()
    {
        Assert.Equal(0, Run("gradcheck", "--model", "mgu", "--seq", "2").Code);
        var (code, _, error) = AppRunner.Run("gradcheck", "--model", "mgu");
        Assert.Equal(2, code);
        Assert.Contains("unknown model 'mgu'", error);
    }

    [Fact]
    public void A_name_that_is_taken_or_malformed_is_refused_when_registered()
    {
        var catalog = Models.CharLm.CellCatalog.BuiltIn();
        Assert.Contains("taken", Assert.Throws<ArgumentException>(() => catalog.Add<MinimalGatedUnit>("LSTM")).Message);
        Assert.Contains("letters, digits", Assert.Throws<ArgumentException>(() => catalog.Add<MinimalGatedUnit>("my cell")).Message);
        Assert.Contains("'all'", Assert.Throws<ArgumentException>(() => catalog.Add<MinimalGatedUnit>("all")).Message);
    }

    [Fact]
    public void The_experiments_take_the_hosted_cell_beside_a_built_in_one()
    {
        using var app = new AppRunner();
        var memory = Run("memory", "--models", "mgu,lstm", "--lengths", "3", "--steps", "60", "--check-every", "30", "--test-sequences", "40",
            "--hidden", "16", "--plot", app.File("memory.svg"));
        Assert.True(memory.Code == 0, memory.Error + memory.Output);
        Assert.Matches(@"\| mgu +\|", memory.Output);
        var reber = Run("reber", "--models", "mgu", "--grammars", "plain", "--epochs", "1", "--train-strings", "50", "--test-strings", "50");
        Assert.True(reber.Code == 0, reber.Error + reber.Output);
        Assert.Contains("mgu", reber.Output);
        var exploding = Run("exploding", "--models", "mgu,elman", "--hidden", "8", "--scales", "1", "--seq", "12", "--batch", "2", "--plot", app.File("exploding.svg"));
        Assert.True(exploding.Code == 0, exploding.Error + exploding.Output);
        Assert.Contains("mgu", exploding.Output);
    }
}
