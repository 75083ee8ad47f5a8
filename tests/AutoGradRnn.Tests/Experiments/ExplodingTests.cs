using AutoGradRnn.Models.Experiments.Exploding;
using AutoGradRnn.Tests.App;
using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Experiments;

/// <summary>The exploding-gradient experiment: its probed networks' generated gradients, what the measurement shows, the clippers' bounds, the command.</summary>
public class ExplodingTests
{
    [Theory]
    [InlineData("elman")]
    [InlineData("lstm")]
    public void The_generated_gradient_of_each_probed_network_matches_float64_finite_differences(string kind)
    {
        var probe = GradientProbe.Create(kind, new ProbeConfig(Inputs: 3, Hidden: 4, Classes: 5, Scale: 1.5), DType.Float64, new Rng(8));
        var batch = ProbeBatch.Random(new Rng(9), DType.Float64, steps: 4, batch: 2, inputs: 3, classes: 5);
        var result = GradientChecker.Check(probe.LossFunction(batch), GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    [Fact]
    public void The_last_steps_gradient_is_the_output_layers_transpose_times_softmax_minus_onehot()
    {
        var s = new ExplodingSettings { Steps = 6, Batch = 3 };
        var batch = ProbeBatch.Random(new Rng(1), DType.Float64, 6, 3, s.Inputs, s.Classes);
        var probe = GradientProbe.Create("elman", new ProbeConfig(s.Inputs, 5, s.Classes, 1), DType.Float64, new Rng(2));
        var profile = probe.Measure(batch);
        var p = probe.Weights.NamedTensors().ToDictionary(n => n.Name, n => n.Value);
        // Replay the forward by hand and form dh_T = Whyᵀ (softmax(logits) − onehot(y)) / B.
        var h = Tensor.Zeros(DType.Float64, 3, 5);
        for (int t = 0; t < 6; t++) h = Ops.Tanh(Ops.MatVec(p["l0.Wxh"], Ops.Embedding(batch.Xs, batch.Rows[t])) + Ops.MatVec(p["l0.Whh"], h) + p["l0.Bh"]);
        var softmax = Ops.Softmax(Ops.MatVec(p["Why"], h) + p["By"]);
        for (int b = 0; b < 3; b++)
        {
            for (int j = 0; j < 5; j++)
            {
                double expected = 0;
                for (int k = 0; k < s.Classes; k++) expected += p["Why"][k, j] * (softmax[b, k] - (k == batch.Targets[b] ? 1 : 0)) / 3;
                Assert.Equal(expected, profile.HiddenGradients[5 * 3 + b, j], 12);
            }
        }
    }

    [Fact]
    public void Large_recurrent_weights_make_the_elman_gradient_explode_and_small_ones_make_it_vanish()
    {
        var s = new ExplodingSettings { Steps = 40, Batch = 4 };
        Assert.True(ExplodingExperiment.Measure("elman", 16, 4, s).GrowthPerStep > 1.1);
        Assert.True(ExplodingExperiment.Measure("elman", 16, 0.5, s).GrowthPerStep < 0.6);
    }

    [Fact]
    public void An_open_forget_gate_lets_the_lstm_gradient_reach_further_back()
    {
        var closed = ExplodingExperiment.Measure("lstm", 16, 1, new ExplodingSettings { Steps = 40, Batch = 4 });
        var open = ExplodingExperiment.Measure("lstm", 16, 1, new ExplodingSettings { Steps = 40, Batch = 4, ForgetBias = 3 });
        Assert.True(open.GrowthPerStep > closed.GrowthPerStep + 0.1, $"{closed.GrowthPerStep} → {open.GrowthPerStep}");
    }

    [Fact]
    public void Global_norm_clipping_bounds_the_norm_exactly_and_elementwise_clipping_bounds_every_entry()
    {
        var s = new ExplodingSettings { Steps = 40, Batch = 4 };
        var batch = ProbeBatch.Random(new Rng(s.Seed), DType.Float64, s.Steps, s.Batch, s.Inputs, s.Classes);
        var profile = GradientProbe.Create("elman", new ProbeConfig(s.Inputs, 16, s.Classes, 4), DType.Float64, new Rng(3)).Measure(batch);
        foreach (var gradients in new[] { profile.WeightGradients, [new NamedTensor("dh", profile.HiddenGradients)] })
        {
            var raw = gradients.Select(g => g.Value.ToDoubleArray()).ToArray();
            Assert.True(GradientClipping.GlobalNorm(gradients) > 100, "the gradient should have exploded");
            Assert.Contains(raw.SelectMany(v => v), v => Math.Abs(v) > 1);

            var byNorm = gradients.Select(g => new NamedTensor(g.Name, g.Value.Clone())).ToList();
            double before = new GlobalNormClipper(5).Clip(byNorm);
            Assert.Equal(GradientClipping.GlobalNorm(gradients), before);
            Assert.Equal(5.0, GradientClipping.GlobalNorm(byNorm), 12);
            // Every entry is scaled by the same factor: the direction is kept.
            for (int i = 0; i < raw.Length; i++)
                for (int j = 0; j < raw[i].Length; j++) Assert.Equal(raw[i][j] * 5 / before, byNorm[i].Value.GetAt(j), 1e-12 * Math.Max(1, Math.Abs(raw[i][j])));

            var byEntry = gradients.Select(g => new NamedTensor(g.Name, g.Value.Clone())).ToList();
            new ElementwiseClipper(1).Clip(byEntry);
            for (int i = 0; i < raw.Length; i++)
                for (int j = 0; j < raw[i].Length; j++) Assert.Equal(Math.Clamp(raw[i][j], -1, 1), byEntry[i].Value.GetAt(j));
            Assert.Equal(1.0, ClipEffect.LargestEntry(byEntry));
        }
    }

    [Fact]
    public void The_command_prints_the_tables_and_writes_the_plot()
    {
        using var app = new AppRunner();
        var plot = app.File("exploding.png");
        var (code, output, error) = AppRunner.Run("exploding", "--hidden", "4,6", "--scales", "0.5,4", "--seq", "12", "--batch", "2", "--plot", plot);
        Assert.True(code == 0, error + output);
        Assert.Contains("| network", output);
        Assert.Contains("k = 11", output);
        Assert.Equal(5, output.Split("| elman H 6 scale 4 ").Length - 1);
        Assert.Equal(5, output.Split("| lstm H 4 scale 0.5 ").Length - 1);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(plot)[..4]);
    }
}
