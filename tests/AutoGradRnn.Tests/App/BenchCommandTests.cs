using System.Globalization;
using System.Text.RegularExpressions;
using AutoGradRnn.Models.Bench;

namespace AutoGradRnn.Tests.App;

/// <summary><c>bench</c>: its RESULT lines and its arithmetic (never its speed: speed is not a test's business).</summary>
public class BenchCommandTests
{
    /// <summary>Runs the app in a process of its own: the allocation figure counts every thread of the process,
    /// and the test host's threads allocate.</summary>
    private static (int Code, string Output, string Error) RunApp(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autogradrnn.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Fully optimised code from the first call: with tiered compilation, a method recompiled in the background
        // during the short timed seconds of a loaded machine counted 474-822 bytes a step in 1 of 4 runs (0 of 4
        // without tiering); this test is about what a training step allocates, not the JIT.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bench did not finish in 2 minutes");
        return (process.ExitCode, output, error.Result);
    }

    [Fact]
    public void Bench_prints_one_result_line_per_configuration_and_a_warm_step_allocates_nothing()
    {
        var (code, output, error) = RunApp("bench", "--config", "elman-h100-b1", "--config", "lstm-h100-b1", "--config", "lstm-h100-b32", "--config", "lstm-h256-b32",
            "--seconds", "0.3", "--warmup", "0.2",
            "--data", AppRunner.Corpus);
        Assert.True(code == 0, error);
        var lines = Regex.Matches(output, @"^RESULT (.*)$", RegexOptions.Multiline);
        Assert.Equal(4, lines.Count);
        foreach (Match line in lines)
        {
            var kv = Regex.Matches(line.Groups[1].Value, @"(\w+)=(\S+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            foreach (var key in new[] { "name", "tokens_per_s", "ms_per_step", "flop_per_token", "gflops", "pct_peak", "alloc_bytes_per_step", "loss_start", "loss_end", "threads" })
                Assert.True(kv.ContainsKey(key), $"{key} missing in {line.Value}");
            double D(string key) => double.Parse(kv[key], CultureInfo.InvariantCulture);
            Assert.True(D("tokens_per_s") > 0);
            Assert.Equal(D("tokens_per_s") * D("flop_per_token") / 1e9, D("gflops"), 0.02);
            Assert.Equal(0, D("alloc_bytes_per_step"));
        }
        Assert.Contains("autogradrnn_elman-h100-b1", lines[0].Value);
        Assert.Contains("| lstm-h100-b1 | 1 |", output);
        Assert.Contains("autogradrnn_lstm-h100-b32", lines[2].Value);
    }

    [Fact]
    public void The_batch_32_h100_configuration_is_the_torchsharp_anchors_one_thread_shape()
    {
        // Issue #16: char-LM LSTM H100, E32, seq 25, batch 32 on one thread (TorchSharp 0.107: 300-334k tokens/s).
        Assert.Equal(new BenchConfig("lstm-h100-b32", "lstm", 100, 32, 25, 32, 1), BenchConfig.Find("lstm-h100-b32"));
    }

    [Fact]
    public void The_ptb_configuration_trains_the_ptb_model_on_the_given_words_and_a_warm_step_allocates_nothing()
    {
        using var app = new AppRunner();
        string folder = Experiments.PtbTests.WriteCorpus(app);
        var (code, output, error) = RunApp("bench", "--config", "ptb-small", "--seconds", "0.3", "--warmup", "0.2", "--ptb-data", folder);
        Assert.True(code == 0, error);
        Assert.Contains($"words: {folder}:", output);
        var line = Regex.Match(output, @"^RESULT (.*)$", RegexOptions.Multiline);
        Assert.True(line.Success, output);
        var kv = Regex.Matches(line.Groups[1].Value, @"(\w+)=(\S+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        double D(string key) => double.Parse(kv[key], CultureInfo.InvariantCulture);
        Assert.Equal("autogradrnn_ptb-small", kv["name"]);
        Assert.Equal((20, 20, 200), ((int)D("batch"), (int)D("seq"), (int)D("hidden")));
        int vocabulary = Models.Experiments.Ptb.PtbCorpus.Load(folder).Vocabulary.Count;
        Assert.Equal(PtbWorkload.FlopsPerToken(vocabulary, 200), D("flop_per_token"));
        Assert.True(D("loss_start") > 0 && double.IsFinite(D("loss_end")));
        Assert.Equal(0, D("alloc_bytes_per_step"));
    }

    [Fact]
    public void Too_few_ptb_words_exit_2_naming_the_file()
    {
        using var app = new AppRunner();
        string folder = Path.Combine(app.Folder, "tiny");
        Directory.CreateDirectory(folder);
        foreach (var name in Models.Experiments.Ptb.PtbCorpus.FileNames) File.WriteAllText(Path.Combine(folder, name), " a b c \n");
        var (code, _, error) = AppRunner.Run("bench", "--config", "ptb-small", "--ptb-data", folder);
        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(folder, "ptb.train.txt"), error);
        Assert.Contains("too few for one window", error);
    }

    [Fact]
    public void The_ptb_flop_count_and_synthetic_words_are_the_reference_trainers()
    {
        // ../shared/anchors/torch_ptb_small.py: L·6·4H·2H + 6·V·H, 15.8 M for V 10,000, H 200, 2 layers.
        Assert.Equal(15_840_000, PtbWorkload.FlopsPerToken(10_000, 200));
        var words = PtbWorkload.SyntheticWords(10_000, seed: 1);
        Assert.Equal(929_589, words.Length);
        Assert.True(words.Min() >= 0 && words.Max() < 10_000);
        Assert.True(words.Distinct().Count() > 9_900, "the ids cover the vocabulary");
    }

    [Fact]
    public void The_flop_count_is_the_reference_trainers()
    {
        // ../shared/anchors: LSTM 6·4H(E+H) + 6·V·H; H100, E32, V65 is 0.356 M.
        var lstm = Models.CharLm.CharLmRegistry.Find("lstm")!;
        Assert.Equal(6.0 * 4 * 100 * (32 + 100) + 6.0 * 65 * 100, lstm.FlopsPerToken(new(65, 32, 100)));
        var result = new BenchResult(BenchConfig.Find("lstm-h256-b32")!, 2, Steps: 10, Seconds: 2, FlopsPerToken: 1e6, 4, 3, 0, PeakGflops: 400, WindowBytesPerStep: 0);
        Assert.Equal(10 * 25 * 32 / 2.0, result.TokensPerSecond);
        Assert.Equal(200, result.MsPerStep);
        Assert.Equal(4.0, result.Gflops);
        Assert.Equal(1.0, result.PercentOfPeak);
    }

    [Theory]
    [InlineData("--config", "gpt", "--config: unknown configuration 'gpt'")]
    [InlineData("--seconds", "0", "--seconds must be a positive number")]
    [InlineData("--warmup", "-1", "--warmup must be a number ≥ 0")]
    [InlineData("--peak", "0", "--peak must be a positive number")]
    [InlineData("--ptb-data", "/no/such/ptb-folder", "--ptb-data '/no/such/ptb-folder' is not a folder")]
    public void Nonsensical_bench_options_exit_2(string option, string value, string expected)
    {
        var (code, _, error) = AppRunner.Run("bench", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }
}
