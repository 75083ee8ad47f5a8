using System.Globalization;
using System.Text.RegularExpressions;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.App;

/// <summary><c>train</c>, <c>sample</c> and <c>show</c> end to end on the bundled corpus, in-process.</summary>
public class TrainCommandTests
{
    [Fact]
    public void The_loss_falls_on_the_bundled_corpus_within_a_short_run()
    {
        using var app = new AppRunner();
        var (code, output, error) = AppRunner.Run("train", "--data", AppRunner.Corpus, "--steps", "600", "--progress-every", "100",
            "--sample-every", "300", "--sample-length", "50", "--checkpoint", app.File("run.safetensors"));
        Assert.True(code == 0, error);
        var losses = Regex.Matches(output, @"loss\s+([0-9.]+) \(").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(6, losses.Length);
        Assert.True(losses[^1] < losses[0] - 5, $"smoothed loss {losses[0]} → {losses[^1]}");
        Assert.Equal(2, Regex.Matches(output, "----- sample at step").Count);
        // The held-out loss is far below a uniform guess (ln V ≈ 4.3 nats) after 600 windows.
        var validation = Regex.Match(output, @"validation \(([0-9,]+) characters\): ([0-9.]+) nats/char, ([0-9.]+) bits/char, perplexity ([0-9.]+)");
        Assert.True(validation.Success, output);
        double nats = double.Parse(validation.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(nats, 0.5, 2.6);
        Assert.Equal(LossMetrics.BitsPerCharacter(nats), double.Parse(validation.Groups[3].Value, CultureInfo.InvariantCulture), 3);
        Assert.True(File.Exists(app.File("run.safetensors")));
    }

    [Theory]
    [InlineData("lstm", "adagrad")]
    [InlineData("gru", "adam")]
    [InlineData("elman", "sgd")]
    public void Resuming_from_a_checkpoint_continues_bit_exactly(string model, string optimizer)
    {
        using var app = new AppRunner();
        string[] Common(string file, int steps) => ["train", "--data", AppRunner.Corpus, "--model", model, "--optimizer", optimizer, "--hidden", "16",
            "--embedding", "8", "--batch", "2", "--steps", steps.ToString(CultureInfo.InvariantCulture), "--sample-every", "70", "--sample-length", "20",
            "--checkpoint-every", "0", "--checkpoint", app.File(file)];
        var straight = AppRunner.Run(Common("straight.safetensors", 200));
        Assert.True(straight.Code == 0, straight.Error);
        var first = AppRunner.Run(Common("resumed.safetensors", 100));
        Assert.True(first.Code == 0, first.Error);
        var second = AppRunner.Run(["train", "--data", AppRunner.Corpus, "--resume", "--steps", "200", "--sample-every", "70", "--sample-length", "20",
            "--checkpoint-every", "0", "--checkpoint", app.File("resumed.safetensors")]);
        Assert.True(second.Code == 0, second.Error);
        Assert.Contains("resuming", second.Output);
        // Weights, optimizer state, carried state, Rng, batcher position and smoothed loss: the same bytes.
        Assert.Equal(File.ReadAllBytes(app.File("straight.safetensors")), File.ReadAllBytes(app.File("resumed.safetensors")));
        // The samples after the resume point are the same text.
        static string[] Samples(string output) => Regex.Matches(output, @"----- sample at step (\d+) -----\n(.*?)\n-----\n", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value + ":" + m.Groups[2].Value).ToArray();
        Assert.Equal(Samples(straight.Output.ReplaceLineEndings("\n")), Samples(first.Output.ReplaceLineEndings("\n")).Concat(Samples(second.Output.ReplaceLineEndings("\n"))));
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_seed()
    {
        using var app = new AppRunner();
        var ckpt = app.File("s.safetensors");
        var trained = AppRunner.Run("train", "--data", AppRunner.Corpus, "--hidden", "32", "--steps", "150", "--sample-every", "0", "--checkpoint", ckpt);
        Assert.True(trained.Code == 0, trained.Error);
        var a = AppRunner.Run("sample", "--checkpoint", ckpt, "--length", "120", "--seed", "7", "--prime", "The ");
        var b = AppRunner.Run("sample", "--checkpoint", ckpt, "--length", "120", "--seed", "7", "--prime", "The ");
        var c = AppRunner.Run("sample", "--checkpoint", ckpt, "--length", "120", "--seed", "8", "--prime", "The ");
        Assert.True(a.Code == 0, a.Error);
        Assert.Equal(a.Output, b.Output);
        Assert.NotEqual(a.Output, c.Output);
        Assert.StartsWith("The ", a.Output);
        Assert.Equal(4 + 120, a.Output.TrimEnd('\n', '\r').EnumerateRunes().Count());
        // Temperature 0 is argmax: the same text whatever the seed.
        var g1 = AppRunner.Run("sample", "--checkpoint", ckpt, "--length", "60", "--seed", "1", "--temperature", "0");
        var g2 = AppRunner.Run("sample", "--checkpoint", ckpt, "--length", "60", "--seed", "2", "--temperature", "0");
        Assert.Equal(g1.Output, g2.Output);
    }

    [Fact]
    public void A_warm_training_step_allocates_nothing()
    {
        foreach (var spec in CharLmRegistry.All)
        {
            var model = spec.Create(new CharLmConfig(11, 6, 8), DType.Float32, new Rng(3));
            var parameters = model.Weights.NamedTensors();
            var gradients = model.NewGradients();
            var gradientList = gradients.NamedTensors();
            var optimizer = new Adagrad(0.1);
            var clipper = new ElementwiseClipper(5);
            var state = model.NewState(3);
            var rng = new Rng(4);
            int[][] Tokens() => Enumerable.Range(0, 25).Select(_ => Enumerable.Range(0, 3).Select(_ => rng.NextInt(11)).ToArray()).ToArray();
            var windows = Enumerable.Range(0, 4).Select(_ => (Tokens(), Tokens())).ToArray();
            long Step(int w)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                gradients.ZeroAll();
                model.TrainWindow(windows[w].Item1, windows[w].Item2, state, gradients);
                clipper.Clip(gradientList);
                optimizer.Step(parameters, gradientList);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Step(0);
            Step(1);
            Assert.Equal(0, Step(2));
            Assert.Equal(0, Step(3));
        }
    }

    [Theory]
    [InlineData("lstm", "LstmLm.WindowLossBackward")]
    [InlineData("gru", "GruLm.WindowLossBackward")]
    [InlineData("elman", "ElmanLm.WindowLossBackward")]
    public void Show_prints_the_generated_backward_of_each_model(string model, string method)
    {
        var (code, output, error) = AppRunner.Run("show", "--model", model);
        Assert.True(code == 0, error);
        Assert.Contains("// <auto-generated/>", output);
        Assert.Contains($"public static void {method.Split('.')[1]}(", output);
        Assert.Contains("Cell.StepBackward(", output);
    }

    [Fact]
    public void Help_lists_every_command_and_the_train_defaults()
    {
        var root = AppRunner.Run("--help");
        Assert.Equal(0, root.Code);
        foreach (var command in new[] { "train", "gradcheck", "sample", "show" }) Assert.Contains(command, root.Output);
        var train = AppRunner.Run("train", "--help");
        Assert.Equal(0, train.Code);
        foreach (var option in new[] { "--model", "--data", "--hidden", "--embedding", "--seq", "--batch", "--lr", "--optimizer", "--clip", "--clip-norm",
                     "--steps", "--epochs", "--sample-every", "--sample-length", "--checkpoint", "--seed", "--resume" })
            Assert.Contains(option, train.Output);
    }
}
