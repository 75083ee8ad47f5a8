using AutoGradRnn.Models.App;
using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>A program trains its own cell on a text file with one call: what <c>train</c> does, bit-exact resume included.</summary>
public class TextTrainingTests
{
    private static (int Code, string Output, string Error) Train<TCell>(TrainOptions options) where TCell : IRecurrentCell<TCell>
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TextTraining.Run<TCell>(options, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static TrainOptions Small(string checkpoint, long steps) => new()
    {
        Data = AppRunner.Corpus, Hidden = 16, Embedding = 8, Batch = 2, Optimizer = "adam", Steps = steps, ProgressEvery = 100, SampleEvery = 150,
        SampleLength = 40, CheckpointEvery = 0, Checkpoint = checkpoint,
    };

    [Fact]
    public void A_program_trains_its_cell_with_one_call()
    {
        using var app = new AppRunner();
        var (code, output, error) = Train<MinimalGatedUnit>(Small(app.File("mgu.safetensors"), 300) with { Plot = app.File("loss.svg") });
        Assert.True(code == 0, error);
        Assert.Contains("autogradrnn train: minimalgatedunit, V ", output);
        Assert.Contains("step       300", output);
        Assert.Contains("----- sample at step 150 -----", output);
        Assert.Matches(@"validation \(.* predictions over the .* held-out characters\): \d+\.\d{4} nats/char", output);
        Assert.True(File.Exists(app.File("mgu.safetensors")));
        Assert.Contains("<svg", File.ReadAllText(app.File("loss.svg")));
    }

    [Fact]
    public void A_resumed_call_continues_the_run_bit_exactly()
    {
        using var app = new AppRunner();
        Assert.Equal(0, Train<MinimalGatedUnit>(Small(app.File("whole.safetensors"), 300)).Code);
        Assert.Equal(0, Train<MinimalGatedUnit>(Small(app.File("split.safetensors"), 140)).Code);
        var (code, output, error) = Train<MinimalGatedUnit>(new TrainOptions { Data = AppRunner.Corpus, Checkpoint = app.File("split.safetensors"), Resume = true, Steps = 300, SampleEvery = 150, SampleLength = 40 });
        Assert.True(code == 0, error);
        Assert.Contains("resuming", output);
        Assert.Equal(File.ReadAllBytes(app.File("whole.safetensors")), File.ReadAllBytes(app.File("split.safetensors")));
    }

    [Fact]
    public void Bad_options_are_one_line_and_exit_code_2()
    {
        using var app = new AppRunner();
        var (code, _, error) = Train<MinimalGatedUnit>(Small(app.File("a.safetensors"), 10) with { Hidden = 0 });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("autogradrnn: --hidden must be a positive integer (the number of hidden units), got 0.", error.Trim());

        (code, _, error) = Train<MinimalGatedUnit>(Small(app.File("a.safetensors"), 10) with { Model = "lstm" });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("TrainOptions.Model: The cell name 'lstm' is taken by", error);
        Assert.False(File.Exists(app.File("a.safetensors")));
    }
}
