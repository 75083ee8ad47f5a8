using System.Globalization;
using System.Text.RegularExpressions;
using AutoGradRnn.Models.App;
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
        var validation = Regex.Match(output, @"validation \(([0-9,]+) predictions over the [0-9,]+ held-out characters\): ([0-9.]+) nats/char, ([0-9.]+) bits/char, perplexity ([0-9.]+)");
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
    [InlineData("lstm", "Lstm.StepBackward")]
    [InlineData("gru", "Gru.StepBackward")]
    [InlineData("elman", "Elman.StepBackward")]
    public void Show_prints_the_generated_backward_of_each_model(string model, string method)
    {
        var (code, output, error) = AppRunner.Run("show", "--model", model);
        Assert.True(code == 0, error);
        Assert.Contains("// <auto-generated/>", output);
        Assert.Contains($"public static void {method.Split('.')[1]}(", output);
        Assert.Contains($"partial class {method.Split('.')[0]}", output);
        Assert.Contains("public static void LossBackward(", output); // the language model's head, then the cell
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
                     "--steps", "--epochs", "--sample-every", "--sample-length", "--checkpoint", "--seed", "--resume", "--loss", "--lr-decay", "--lr-decay-after",
                     "--eval-every", "--plot" })
            Assert.Contains(option, train.Output);
    }

    [Fact]
    public void Plot_writes_the_loss_curve_as_png_and_svg_with_the_held_out_points()
    {
        using var app = new AppRunner();
        foreach (var name in new[] { "curve.png", "curve.svg" })
        {
            var (code, output, error) = AppRunner.Run("train", "--data", AppRunner.Corpus, "--hidden", "16", "--embedding", "8", "--steps", "60",
                "--progress-every", "30", "--sample-every", "0", "--eval-every", "30", "--plot", app.File(name), "--checkpoint", app.File(name + ".safetensors"));
            Assert.True(code == 0, error);
            Assert.Contains("validation at step 30:", output);
            Assert.Contains($"loss curve: {app.File(name)} (60 windows)", output);
            var bytes = File.ReadAllBytes(app.File(name));
            if (name.EndsWith(".png", StringComparison.Ordinal))
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            else
                Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        }
        // No temporary file is left beside the curves.
        Assert.Empty(Directory.GetFiles(app.Folder, "*.tmp"));
    }

    [Fact]
    public void The_running_mean_of_the_curve_averages_the_last_windows()
    {
        Assert.Equal([1.0, 1.5, 2.5, 3.5], LossCurve.RunningMean([1.0, 2.0, 3.0, 4.0], 2));
        Assert.Equal([5.0, 7.0], LossCurve.RunningMean([5.0, 7.0], 1));
    }

    [Fact]
    public void Lr_decay_multiplies_the_rate_each_epoch_after_the_constant_ones()
    {
        using var app = new AppRunner();
        // 2,000 characters: 1,800 train, 71 windows of 25 a pass.
        var rng = new Rng(5);
        var text = new string(Enumerable.Range(0, 2000).Select(_ => "abcde fgh\n"[rng.NextInt(10)]).ToArray());
        var data = app.Write("small.txt", System.Text.Encoding.UTF8.GetBytes(text));
        var (code, output, error) = AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "230", "--progress-every", "10",
            "--sample-every", "0", "--lr-decay", "0.5", "--lr-decay-after", "1", "--checkpoint", app.File("c.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains("adagrad lr 0.1, ×0.5 each epoch from epoch 2", output);
        var lines = Regex.Matches(output, @"epoch\s+([0-9.]+)\s+loss.*  lr ([0-9.]+)\r?$", RegexOptions.Multiline);
        Assert.Equal(23, lines.Count);
        foreach (Match line in lines)
        {
            double epoch = double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
            double lr = double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture);
            // EpochProgress is 0-based and reaches k exactly at the last window of pass k.
            int pass = (int)Math.Ceiling(epoch - 1e-9);
            Assert.Equal(0.1 * Math.Pow(0.5, Math.Max(0, pass - 1)), lr, 12);
        }
        Assert.Contains(lines, l => l.Groups[2].Value == "0.025");
    }

    [Fact]
    public void A_window_weight_scales_the_gradient_for_the_mean_loss()
    {
        foreach (var spec in CharLmRegistry.All)
        {
            var model = spec.Create(new CharLmConfig(7, 4, 5), DType.Float64, new Rng(2));
            var rng = new Rng(9);
            int[][] Tokens() => Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 2).Select(_ => rng.NextInt(7)).ToArray()).ToArray();
            var (inputs, targets) = (Tokens(), Tokens());
            var sum = model.NewGradients();
            var mean = model.NewGradients();
            double lossSum = model.TrainWindow(inputs, targets, model.NewState(2), sum);
            double lossMean = model.TrainWindow(inputs, targets, model.NewState(2), mean, 1.0 / 6);
            Assert.Equal(lossSum, lossMean);
            foreach (var (s, m) in sum.NamedTensors().Zip(mean.NamedTensors()))
            {
                var a = s.Value.ToDoubleArray();
                var b = m.Value.ToDoubleArray();
                Assert.True(a.Any(v => v != 0), $"{spec.Name} {s.Name}: zero gradient");
                for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] / 6, b[i], 1e-14);
            }
        }
    }

    [Fact]
    public void A_config_from_before_the_loss_and_decay_keys_reads_as_the_course_defaults()
    {
        var old = """{"model":"lstm","vocabulary":77,"embedding":32,"hidden":100,"seq":25,"batch":1,"optimizer":"adagrad","lr":"0.1","clip":"5","clip_norm":"0","seed":"1","data":"x.txt"}""";
        var config = RunConfig.FromJson(old);
        Assert.Equal(("sum", 1.0, 0), (config.Loss, config.LrDecay, config.LrDecayAfter));
        var round = RunConfig.FromJson((config with { Loss = "mean", LrDecay = 0.97, LrDecayAfter = 10 }).ToJson());
        Assert.Equal(("mean", 0.97, 10), (round.Loss, round.LrDecay, round.LrDecayAfter));
    }
}
