namespace AutoGradRnn.Tests.Runtime;

/// <summary>What the checker checks: the direction check alone when it passes, every entry of a small tensor,
/// a seeded sample of a large one; and what it refuses.</summary>
public class GradientCheckerModeTests
{
    private static Tensor Random(ulong seed, params int[] dims) => Init.Normal(new Rng(seed), DType.Float64, 0, 1, dims);

    [Fact]
    public void A_correct_function_passes_on_the_direction_check_alone()
    {
        var result = GradientChecker.Check(RuleCases.Named("MatMul").ToFunction(1), new GradientCheckOptions { CheckEveryEntry = false });

        Assert.True(result.Passed);
        Assert.True(result.Direction.Passed);
        Assert.Empty(result.Tensors);
        Assert.Null(result.WorstEntry);
        Assert.Equal(result.Direction.RelativeError, result.MaxRelativeError);
        Assert.Equal("(direction)", result.Direction.Location);
    }

    [Fact]
    public void Checking_every_entry_of_small_tensors_checks_them_in_full()
    {
        var result = GradientChecker.Check(RuleCases.Named("MatMul").ToFunction(1), new GradientCheckOptions { CheckEveryEntry = true });

        Assert.True(result.Passed);
        Assert.Equal(new[] { ("x0", 12), ("x1", 8) }, result.Tensors.Select(t => (t.Name, t.EntriesChecked)));
    }

    [Fact]
    public void A_tensor_at_the_exhaustive_limit_is_checked_in_full()
    {
        var recorder = new PerturbationRecorder(Random(1, 32, 32));

        var result = GradientChecker.Check(recorder, new GradientCheckOptions { CheckEveryEntry = true, ExhaustiveLimit = 1024 });

        Assert.Equal(1024, Assert.Single(result.Tensors).EntriesChecked);
        Assert.Equal(Enumerable.Range(0, 1024), recorder.PerturbedEntries.Order());
    }

    [Theory]
    [InlineData(128)]
    [InlineData(37)]
    public void A_large_tensor_is_checked_on_exactly_SampleSize_entries(int sampleSize)
    {
        var recorder = new PerturbationRecorder(Random(1, 3, 40, 25));

        var result = GradientChecker.Check(recorder, new GradientCheckOptions { CheckEveryEntry = true, SampleSize = sampleSize });

        Assert.True(result.Passed);
        Assert.Equal(sampleSize, Assert.Single(result.Tensors).EntriesChecked);
        Assert.Equal(sampleSize, recorder.PerturbedEntries.Count);
        Assert.All(recorder.PerturbedEntries, i => Assert.InRange(i, 0, 2999));
    }

    [Fact]
    public void The_sample_is_fixed_by_the_seed()
    {
        List<int> Sample(ulong seed)
        {
            var recorder = new PerturbationRecorder(Random(1, 3000));
            GradientChecker.Check(recorder, new GradientCheckOptions { CheckEveryEntry = true, Seed = seed });
            return recorder.PerturbedEntries;
        }

        Assert.Equal(Sample(7), Sample(7));
        Assert.NotEqual(Sample(7).Order(), Sample(8).Order());
    }

    [Fact]
    public void The_inputs_are_restored_after_checking()
    {
        var x = Random(3, 4, 5);
        var before = x.ToDoubleArray();

        GradientChecker.Check(new PerturbationRecorder(x), new GradientCheckOptions { CheckEveryEntry = true });

        Assert.Equal(before, x.ToDoubleArray());
    }

    [Fact]
    public void A_float32_input_is_refused_by_name()
    {
        var x = Random(1, 3);
        var w = Random(2, 3).ToFloat32();
        var function = new DifferentiableFunction(
            new[] { new NamedTensor("x", x), new NamedTensor("Wxh", w) }, () => 0, _ => 0);

        var error = Assert.Throws<InvalidOperationException>(() => GradientChecker.Check(function));

        Assert.Contains("'Wxh'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_passes_on_either_tolerance_and_fails_on_non_finite_values()
    {
        var options = new GradientCheckOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

        Assert.True(GradientChecker.Compare("w", "[0]", 1.0, 1.0 + 1e-7, options).Passed);
        Assert.True(GradientChecker.Compare("w", "[0]", 1e-9, 5e-9, options).Passed);
        Assert.True(GradientChecker.Compare("w", "[0]", 0, 0, options).Passed);
        Assert.False(GradientChecker.Compare("w", "[0]", 1.0, 1.001, options).Passed);
        Assert.False(GradientChecker.Compare("w", "[0]", double.NaN, double.NaN, options).Passed);
        Assert.False(GradientChecker.Compare("w", "[0]", double.PositiveInfinity, double.PositiveInfinity, options).Passed);

        var e = GradientChecker.Compare("w", "[0]", 2.0, 1.0, options);
        Assert.Equal(1.0, e.AbsoluteError);
        Assert.Equal(0.5, e.RelativeError);
        Assert.Equal("w[0]", e.Location);
    }
}
