using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.Experiments;

/// <summary>The experiments are listed in the app's help, and each one's help documents its options and defaults.</summary>
public class ExperimentHelpTests
{
    [Theory]
    [InlineData("memory", new[] { "--models", "--lengths", "--hidden", "--steps", "--lr", "--clip-norm", "--test-sequences", "--plot", "--seed" }, new[] { "5,10,20,40", "700" })]
    [InlineData("reber", new[] { "--models", "--grammars", "--hidden", "--epochs", "--train-strings", "--test-strings", "--seed" }, new[] { "plain,embedded", "1000" })]
    [InlineData("exploding", new[] { "--models", "--hidden", "--scales", "--seq", "--clip", "--clip-norm", "--plot" }, new[] { "0.5,1,2,4", "100" })]
    [InlineData("ptb", new[] { "--data", "--epochs", "--steps-per-epoch", "--eval-words", "--hidden", "--batch", "--seq", "--lr", "--decay", "--decay-after", "--clip-norm", "--init", "--plot" }, new[] { "13", "200", "0.1" })]
    public void Each_experiment_documents_its_options_and_defaults(string command, string[] options, string[] defaults)
    {
        var root = AppRunner.Run("--help");
        Assert.Contains(command, root.Output);
        var help = AppRunner.Run(command, "--help");
        Assert.Equal(0, help.Code);
        foreach (var option in options) Assert.Contains(option, help.Output);
        foreach (var value in defaults) Assert.Contains($"[default: {value}]", help.Output);
    }
}
