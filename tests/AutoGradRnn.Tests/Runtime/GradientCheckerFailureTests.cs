namespace AutoGradRnn.Tests.Runtime;

/// <summary>The checker fails wrong rules and points at the tensor and the entry that are wrong.</summary>
public class GradientCheckerFailureTests
{
    [Fact]
    public void A_wrong_tanh_rule_fails_on_its_input()
    {
        var result = GradientChecker.Check(WrongRules.TanhWithYForOneMinusYSquared().ToFunction(seed: 1));

        Assert.False(result.Passed);
        Assert.False(result.Direction.Passed);
        var x0 = Assert.Single(result.Tensors);
        Assert.Equal("x0", x0.Name);
        Assert.False(x0.Passed);
        Assert.Equal(15, x0.EntriesChecked);
        Assert.All(x0.Worst, e => Assert.False(e.Passed));
    }

    [Fact]
    public void A_rule_that_drops_an_input_fails_that_input_only()
    {
        var result = GradientChecker.Check(WrongRules.MultiplyDroppingB().ToFunction(seed: 1));

        Assert.False(result.Passed);
        Assert.True(result.Tensors.Single(t => t.Name == "x0").Passed);
        var x1 = result.Tensors.Single(t => t.Name == "x1");
        Assert.False(x1.Passed);
        Assert.All(x1.Worst, e => Assert.Equal(0, e.Analytic));
        Assert.StartsWith("x1[", result.WorstEntry!.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void One_wrong_entry_is_located_exactly()
    {
        var result = GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry().ToFunction(seed: 1));

        Assert.False(result.Passed);
        Assert.True(result.Tensors.Single(t => t.Name == "x0").Passed);
        var x1 = result.Tensors.Single(t => t.Name == "x1");
        Assert.False(x1.Passed);
        var failed = Assert.Single(x1.Worst, e => !e.Passed);
        Assert.Equal("x1[2,1]", failed.Location);
        Assert.Equal("x1[2,1]", result.WorstEntry!.Location);
        Assert.Equal(0.5, result.WorstEntry.Analytic - result.WorstEntry.Numeric, 1e-6);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void The_direction_check_alone_catches_a_wrong_entry_and_then_checks_every_entry(ulong seed)
    {
        var options = new GradientCheckOptions { CheckEveryEntry = false, Seed = seed };

        var result = GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry().ToFunction(seed), options);

        Assert.False(result.Direction.Passed);
        Assert.Equal(new[] { "x0", "x1" }, result.Tensors.Select(t => t.Name));
        Assert.All(result.Tensors, t => Assert.Equal(6, t.EntriesChecked));
        Assert.Equal("x1[2,1]", result.WorstEntry!.Location);
    }

    [Fact]
    public void A_small_error_within_tolerance_passes_and_a_larger_one_fails()
    {
        var loose = new GradientCheckOptions { CheckEveryEntry = true, RelativeTolerance = 1e-2, AbsoluteTolerance = 0 };

        Assert.True(GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry(error: 1e-9).ToFunction(1), loose).Passed);
        Assert.False(GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry(error: 1e-1).ToFunction(1), loose).Passed);
    }

    [Fact]
    public void A_non_finite_gradient_fails()
    {
        var nan = new RuleCase("multiply, NaN gradient", WrongRules.MultiplyDroppingB().MakeInputs, x => Ops.Multiply(x[0], x[1]),
            (x, y, dy, d) =>
            {
                Ops.MultiplyBackward(x[0], x[1], (Tensor)y, (Tensor)dy, d[0], d[1]);
                d[0]![0, 0] = double.NaN;
            });

        var result = GradientChecker.Check(nan.ToFunction(1));

        Assert.False(result.Passed);
        Assert.Equal("x0[0,0]", result.WorstEntry!.Location);
    }
}
