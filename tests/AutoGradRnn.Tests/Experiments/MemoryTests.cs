using AutoGradRnn.Models.Experiments.Memory;
using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.Experiments;

/// <summary>The memorization task: its sequences, the generated gradients of its three networks, learning, and the command.</summary>
public class MemoryTests
{
    [Fact]
    public void A_sequence_is_the_symbols_a_delimiter_and_blanks_and_the_targets_repeat_the_symbols()
    {
        var batch = MemoryTask.Generate(new Rng(3), length: 6, batch: 50);
        Assert.Equal(13, batch.Inputs.Length);
        Assert.Equal(6, batch.Targets.Length);
        var seen = new HashSet<int>();
        for (int b = 0; b < 50; b++)
        {
            for (int t = 0; t < 6; t++)
            {
                Assert.InRange(batch.Inputs[t][b], 0, 7);
                Assert.Equal(batch.Inputs[t][b], batch.Targets[t][b]);
                Assert.Equal(MemoryTask.Blank, batch.Inputs[7 + t][b]);
                seen.Add(batch.Inputs[t][b]);
            }
            Assert.Equal(MemoryTask.Delimiter, batch.Inputs[6][b]);
        }
        Assert.Equal(8, seen.Count);
    }

    [Theory]
    [InlineData("elman")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void The_generated_gradient_of_each_network_matches_float64_finite_differences(string kind)
    {
        var model = MemoryModel.Create(kind, new MemoryConfig(Embedding: 3, Hidden: 4), DType.Float64, new Rng(5));
        var batch = MemoryTask.Generate(new Rng(6), length: 3, batch: 2);
        var result = GradientChecker.Check(model.LossFunction(batch), GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
        Assert.True(result.Value > 0);
    }

    [Fact]
    public void The_forget_bias_shifts_only_the_lstm_forget_gate_rows()
    {
        static Dictionary<string, Tensor> Weights(double bias) => MemoryModel.Create("lstm", new MemoryConfig(3, 4, ForgetBias: bias), DType.Float64, new Rng(2))
            .Weights.NamedTensors().ToDictionary(n => n.Name, n => n.Value);
        var plain = Weights(0);
        var shifted = Weights(1);
        for (int j = 0; j < 16; j++) Assert.Equal(plain["l0.B"].GetAt(j) + (j is >= 4 and < 8 ? 1 : 0), shifted["l0.B"].GetAt(j), 12);
        Assert.Equal(plain["l0.W"].ToDoubleArray(), shifted["l0.W"].ToDoubleArray());
        Assert.Equal(plain["Why"].ToDoubleArray(), shifted["Why"].ToDoubleArray());
    }

    [Fact]
    public void The_lstm_learns_to_repeat_three_symbols()
    {
        var settings = new MemorySettings { Hidden = 32, Embedding = 8, Batch = 32, Steps = 400, CheckEvery = 100, TestSequences = 200, LearningRate = 1e-2 };
        var result = MemoryExperiment.Run("lstm", 3, settings, TextWriter.Null);
        Assert.True(result.Accuracy >= 0.9, $"accuracy {result.Accuracy} after {result.Steps} steps");
    }

    [Fact]
    public void The_command_prints_progress_a_table_and_writes_the_plot()
    {
        using var app = new AppRunner();
        var plot = app.File("memory.svg");
        var (code, output, error) = AppRunner.Run("memory", "--lengths", "2,3", "--hidden", "6", "--embedding", "3", "--batch", "4",
            "--steps", "6", "--check-every", "3", "--test-sequences", "10", "--plot", plot);
        Assert.True(code == 0, error + output);
        Assert.Contains("step      3", output);
        Assert.Matches(@"\| network +\| L = 2 +\| L = 3 +\|", output);
        foreach (var kind in MemoryModel.Kinds) Assert.Matches($@"\| {kind} +\| +\d+\.\d% \| +\d+\.\d% \|", output);
        Assert.Contains("<svg", File.ReadAllText(plot));
    }
}
