using AutoGradRnn.Tests.App;

namespace AutoGradRnn.Tests.Anomaly;

/// <summary>Anomaly mode: planted faults are reported with the statement, file, line, loop iteration and entry; off,
/// nothing is checked.</summary>
public sealed class AnomalyModeTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot.Path, "tests", "AutoGradRnn.Tests", "Anomaly", "AnomalySubjects.cs");

    /// <summary>The 1-based line of the statement in AnomalySubjects.cs, found by its text.</summary>
    private static int LineOf(string statement)
    {
        var lines = File.ReadAllLines(Source);
        int index = Array.FindIndex(lines, l => l.Trim() == statement);
        Assert.True(index >= 0, $"'{statement}' is not in {Source}");
        return index + 1;
    }

    // x = [3, 5, 4] loses [0, 1, 0.5] per inner iteration: entry 1 is 0 in the 5th, s = 1, t = 1.
    private static (Tensor X, Tensor Step) Decaying() =>
        (Tensor.FromArray(new[] { 3.0, 5.0, 4.0 }, 1, 3), Tensor.FromArray(new[] { 0.0, 1.0, 0.5 }, 1, 3));

    [Fact]
    public void A_log_that_reaches_zero_is_reported_at_its_statement_iteration_and_entry()
    {
        var (x, step) = Decaying();
        AnomalyException e;
        using (AnomalyMode.Enable())
            e = Assert.Throws<AnomalyException>(() => AnomalySubjects.LogAfterDecayForward(x, step, new AnomalySubjects.LogAfterDecayTape()));

        Assert.Equal("-Inf", e.Kind);
        Assert.False(e.Site.Gradient);
        Assert.EndsWith("AnomalySubjects.cs", e.Site.File.Replace('\\', '/'));
        Assert.Equal(LineOf("loss += Sum(Log(x));"), e.Site.Line);
        Assert.Equal("loss += Sum(Log(x));", e.Site.Statement);
        Assert.Equal("Log", e.Site.Producer);
        Assert.Equal("s = 1, t = 1", e.Iterations);
        Assert.Equal("[0, 1]", e.Entry);
        Assert.Contains($"line {LineOf("loss += Sum(Log(x));")} \"loss += Sum(Log(x));\", iteration s = 1, t = 1, entry [0, 1]; produced by Log", e.Message);
        Assert.StartsWith("-Inf in the value of ", e.Message);
    }

    [Fact]
    public void A_custom_rule_that_returns_nan_is_reported_in_the_backward_with_the_rule()
    {
        var x = Tensor.FromArray(new[] { 0.1, 0.2, 0.3, 0.4 }, 1, 4);
        var dx = Tensor.ZerosLike(x);
        AnomalyException e;
        using (AnomalyMode.Enable())
            e = Assert.Throws<AnomalyException>(() => AnomalySubjects.PoisonInLoopWithGradient(x, dx));

        Assert.Equal("NaN", e.Kind);
        Assert.True(e.Site.Gradient);
        Assert.Equal("x", e.Site.Name);
        Assert.Equal(LineOf("var y = Poisoned.Halve(x);"), e.Site.Line);
        Assert.Equal("Halve", e.Site.Producer);
        Assert.Equal("t = 2", e.Iterations); // the backward meets the last iteration first
        Assert.Equal("[0, 2]", e.Entry);
        Assert.StartsWith($"NaN in the gradient of x at ", e.Message);
        Assert.EndsWith($"line {e.Site.Line} \"var y = Poisoned.Halve(x);\", iteration t = 2, entry [0, 2]; first produced by the rule of Halve", e.Message);
    }

    [Fact]
    public void Off_nothing_is_checked_and_the_nan_passes_through()
    {
        Assert.False(AnomalyMode.Enabled);
        var (x, step) = Decaying();
        double loss = AnomalySubjects.LogAfterDecayForward(x, step, new AnomalySubjects.LogAfterDecayTape());
        Assert.True(double.IsNegativeInfinity(loss) || double.IsNaN(loss), $"loss {loss}");

        var y = Tensor.FromArray(new[] { 0.1, 0.2, 0.3, 0.4 }, 1, 4);
        var dy = Tensor.ZerosLike(y);
        AnomalySubjects.PoisonInLoopWithGradient(y, dy);
        Assert.True(double.IsNaN(dy.GetAt(2)));
    }

    [Fact]
    public void The_scope_restores_the_previous_setting_and_an_unset_option_changes_nothing()
    {
        Assert.False(AnomalyMode.Enabled);
        using (AnomalyMode.Enable())
        {
            Assert.True(AnomalyMode.Enabled);
            using (AnomalyMode.Enable(false)) Assert.True(AnomalyMode.Enabled);
            Assert.True(AnomalyMode.Enabled);
        }
        Assert.False(AnomalyMode.Enabled);
    }

    [Fact]
    public void A_huge_learning_rate_under_train_detect_anomaly_is_reported_with_a_location_and_exit_1()
    {
        using var app = new AppRunner();
        var (code, output, error) = AppRunner.Run("train", "--data", AppRunner.Corpus, "--hidden", "8", "--embedding", "4", "--seq", "5",
            "--optimizer", "sgd", "--lr", "1e38", "--clip", "0", "--steps", "50", "--sample-every", "0", "--progress-every", "1000",
            "--checkpoint", app.File("run.safetensors"), "--detect-anomaly");
        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^autogradrnn: (NaN|\+Inf|-Inf) in the (value|gradient) of \S+ at \S+\.cs line \d+ "".+"", (iteration [^;]+, )?entry \[\d+(, \d+)*\]; (produced by|first produced by the rule of) \w+$", line.TrimEnd('\r'));
        Assert.DoesNotContain("   at ", error);
        Assert.False(AnomalyMode.Enabled);
    }
}
