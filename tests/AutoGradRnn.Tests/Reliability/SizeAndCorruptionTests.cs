using AutoGradRnn.Checkpoints;
using AutoGradRnn.Runs;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>What used to be exit 3, "internal error" (issue 17, item 7): sizes too large to hold are refused with the
/// bytes needed, and non-finite numbers in a checkpoint are a corrupt checkpoint naming the tensor, both exit 2.</summary>
public class SizeAndCorruptionTests
{
    [Theory]
    [InlineData("30000", "--hidden 30000, --embedding 32, --layers 1, --batch 1, --seq 25: the recurrent weight matrix would hold 3,603,840,000 elements (14.4 GB), more than one tensor can (2.15 GB); choose smaller sizes.")]
    [InlineData("2000000000", "--hidden 2000000000, --embedding 32, --layers 1, --batch 1, --seq 25: the recurrent weight matrix would hold 1.6E+19 elements (64.0 EB), more than one tensor can (2.15 GB); choose smaller sizes.")]
    public void A_model_larger_than_a_tensor_can_be_is_refused_with_its_size(string hidden, string message)
    {
        using var app = new App.AppRunner();
        var (code, output, error) = App.AppRunner.Run("train", "--data", SmallCorpus.Write(app), "--hidden", hidden, "--checkpoint", app.File("run.safetensors"));
        Assert.Equal(2, code);
        Assert.Equal("autogradrnn: " + message + "\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("memory", "--hidden 2000000000, --embedding 16, --batch 32: the recurrent weight matrix would hold 1.6E+19 elements (64.0 EB)", "--plot", "m.png")]
    [InlineData("reber", "--hidden 2000000000, --embedding 8, --batch 16: the recurrent weight matrix would hold 1.6E+19 elements (64.0 EB)")]
    [InlineData("gradcheck", "--vocab 7, --hidden 2000000000, --embedding 4, --layers 1, --batch 2, --seq 6: the recurrent weight matrix would hold 1.6E+19 elements (128 EB)")]
    public void Every_command_that_takes_sizes_refuses_one_too_large(string command, string message, params string[] more)
    {
        using var app = new App.AppRunner();
        var (code, _, error) = App.AppRunner.Run([command, "--hidden", "2000000000", .. more.Select(m => m.EndsWith(".png", StringComparison.Ordinal) ? app.File(m) : m)]);
        Assert.Equal(2, code);
        Assert.StartsWith("autogradrnn: " + message, error);
        Assert.DoesNotContain("internal error", error);
    }

    /// <summary>Every layer's weights count: 1,000 layers of H = 2,000 need hundreds of GB, though one layer fits.</summary>
    [Theory]
    [InlineData("train", "--hidden 2000, --embedding 32, --layers 1000, --batch 1, --seq 25: needs about")]
    [InlineData("gradcheck", "--vocab 7, --hidden 2000, --embedding 4, --layers 1000, --batch 2, --seq 6: needs about")]
    [InlineData("ptb", "--hidden 2000, --batch 20, --seq 20, --layers 1000: needs about")]
    public void Stacked_layers_count_toward_the_memory_a_run_needs(string command, string message)
    {
        using var app = new App.AppRunner();
        string[] more = command switch
        {
            "train" => ["--data", SmallCorpus.Write(app), "--checkpoint", app.File("run.safetensors")],
            "ptb" => ["--data", PtbFolder(app), "--plot", app.File("ptb.png")],
            _ => [],
        };
        var (code, _, error) = App.AppRunner.Run([command, "--hidden", "2000", "--layers", "1000", .. more]);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.StartsWith("autogradrnn: " + message, error);
        Assert.Contains("more than the", error);
        // Nothing written: no checkpoint, no plot (the folder holds only the data the test wrote).
        Assert.Equal(command == "train" ? [more[1]] : [], Directory.GetFiles(app.Folder));
    }

    private static string PtbFolder(App.AppRunner app)
    {
        var folder = Directory.CreateDirectory(app.File("ptb")).FullName;
        string text = string.Concat(Enumerable.Repeat("the cat sat on the mat <unk>\n", 40));
        foreach (var name in new[] { "ptb.train.txt", "ptb.valid.txt", "ptb.test.txt" }) File.WriteAllText(Path.Combine(folder, name), text);
        return folder;
    }

    [Fact]
    public void An_out_of_memory_error_says_so_and_exits_1()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        using var run = ChildApp.WithFault("TempCreated:1:oom", app.Folder, "train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "3",
            "--sample-every", "0", "--checkpoint", app.File("run.safetensors"));
        Assert.Equal(1, run.WaitForExit());
        Assert.StartsWith("autogradrnn: out of memory (", run.Error);
        Assert.Contains("available to this process); choose smaller sizes (--hidden, --batch, --seq) or free memory.", run.Error);
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public void A_model_larger_than_the_memory_is_refused_with_the_bytes_needed()
    {
        var estimate = new MemoryEstimate().Add("weights", 1e8, copies: 3).Add("tape", 5e7);
        Assert.Equal(1.4e9, estimate.Bytes);
        var e = Assert.Throws<RunRefusedException>(() => estimate.Check("--hidden 5000", available: 1e9));
        Assert.Equal("--hidden 5000: needs about 1.40 GB (weights 1.20 GB, tape 200 MB), more than the 1.00 GB of memory available; choose smaller sizes.", e.Message);
        estimate.Check("--hidden 5000", available: 2e9);
    }

    [Fact]
    public void NaN_in_a_loaded_weight_is_a_corrupt_checkpoint_naming_the_tensor()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        Assert.Equal(0, App.AppRunner.Run("train", "--data", data, "--hidden", "8", "--embedding", "4", "--steps", "3", "--sample-every", "0", "--checkpoint", checkpoint).Code);
        var content = SafeTensorsFile.Read(checkpoint);
        var weight = content.Tensors.First(t => t.Name == "Why");
        weight.Value.SetAt(7, double.NaN);
        SafeTensorsFile.Write(checkpoint, content);

        var resumed = App.AppRunner.Run("train", "--data", data, "--resume", "--steps", "5", "--checkpoint", checkpoint);
        Assert.Equal(2, resumed.Code);
        Assert.Equal($"autogradrnn: Checkpoint '{checkpoint}': is corrupt: the weight 'Why' holds NaN at index 7; a trained model's numbers are finite.\n", resumed.Error.ReplaceLineEndings("\n"));
        var sampled = App.AppRunner.Run("sample", "--checkpoint", checkpoint);
        Assert.Equal(2, sampled.Code);
        Assert.Contains("the weight 'Why' holds NaN at index 7", sampled.Error);
    }
}
