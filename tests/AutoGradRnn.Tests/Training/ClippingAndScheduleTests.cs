using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

public class ClippingAndScheduleTests
{
    private static NamedTensor[] Gradients(DType dtype, int seed, double scale)
    {
        var rng = new Rng((ulong)seed);
        return
        [
            new NamedTensor("Wxh", Init.Normal(rng, dtype, 0, scale, 37, 11)),
            new NamedTensor("bh", Init.Normal(rng, dtype, 0, scale, 37)),
            new NamedTensor("Why", Init.Normal(rng, dtype, 0, scale, 5, 37)),
        ];
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Elementwise_clipping_bounds_every_entry_and_keeps_the_small_ones(DType dtype)
    {
        var grads = Gradients(dtype, 1, 10);
        var before = grads.Select(g => g.Value.ToDoubleArray()).ToArray();

        GradientClipping.ClipElementwise(grads, 5);

        for (int k = 0; k < grads.Length; k++)
        {
            for (int i = 0; i < before[k].Length; i++)
            {
                double expected = Math.Clamp(before[k][i], -5, 5);
                Assert.Equal(expected, grads[k].Value.GetAt(i), dtype == DType.Float32 ? 1e-6 : 0);
                Assert.InRange(grads[k].Value.GetAt(i), -5, 5);
            }
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Global_norm_clipping_scales_to_exactly_the_threshold(DType dtype)
    {
        var grads = Gradients(dtype, 2, 1);
        double norm = GradientClipping.GlobalNorm(grads);
        Assert.True(norm > 5, $"test premise: norm {norm} > 5");
        var direction = grads.SelectMany(g => g.Value.ToDoubleArray()).Select(x => x / norm).ToArray();

        double reported = GradientClipping.ClipGlobalNorm(grads, 5);

        Assert.Equal(norm, reported);
        Assert.Equal(5, GradientClipping.GlobalNorm(grads), 5 * 1e-6);
        var after = grads.SelectMany(g => g.Value.ToDoubleArray()).ToArray();
        for (int i = 0; i < after.Length; i++) Assert.Equal(direction[i] * 5, after[i], 1e-6);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Global_norm_clipping_leaves_a_small_gradient_unchanged(DType dtype)
    {
        var grads = Gradients(dtype, 3, 0.01);
        var before = grads.SelectMany(g => g.Value.ToDoubleArray()).ToArray();

        double reported = GradientClipping.ClipGlobalNorm(grads, 5);

        Assert.True(reported < 5);
        Assert.Equal(before, grads.SelectMany(g => g.Value.ToDoubleArray()).ToArray());
    }

    [Fact]
    public void Global_norm_is_accumulated_in_double_for_float32()
    {
        // 3·4 = 12 elements of 1/3: Σx² = 12·(1/9) → norm √(4/3); float32 rounding of 1/3 is the only error.
        var t = Tensor.Zeros(DType.Float32, 3, 4);
        t.Fill(1.0 / 3);
        double expected = Math.Sqrt(12 * Math.Pow((float)(1.0 / 3), 2));
        Assert.Equal(expected, GradientClipping.GlobalNorm([new NamedTensor("t", t)]), 1e-15);
    }

    [Fact]
    public void Per_tensor_clipping_and_clippers()
    {
        var grads = Gradients(DType.Float64, 4, 1);
        GradientClipping.ClipPerTensorNorm(grads, 1);
        foreach (var g in grads) Assert.True(GradientClipping.Norm(g.Value) <= 1 + 1e-12);

        var big = Gradients(DType.Float64, 5, 10);
        double norm = GradientClipping.GlobalNorm(big);
        Assert.Equal(norm, new ElementwiseClipper(5).Clip(big));
        Assert.True(GradientClipping.GlobalNorm(big) < norm);
        Assert.Equal(GradientClipping.GlobalNorm(big), new NoClipping().Clip(big));
        new GlobalNormClipper(1).Clip(big);
        Assert.Equal(1, GradientClipping.GlobalNorm(big), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipElementwise(big, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GlobalNormClipper(double.NaN));
    }

    [Fact]
    public void Ptb_step_decay_halves_each_epoch_after_the_fourth()
    {
        var schedule = new StepDecaySchedule(1.0, 0.5, 4);

        Assert.Equal(new[] { 1, 1, 1, 1, 0.5, 0.25, 0.125, 0.0625 }, Enumerable.Range(1, 8).Select(e => schedule.LearningRate(e, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(0, 0));
    }

    [Fact]
    public void Constant_and_exponential_schedules()
    {
        Assert.Equal(0.1, new ConstantSchedule(0.1).LearningRate(7, 12345));

        var smooth = new ExponentialSchedule(1.0, 0.5, decaySteps: 10);
        Assert.Equal(1.0, smooth.LearningRate(1, 0));
        Assert.Equal(Math.Pow(0.5, 0.5), smooth.LearningRate(1, 5), 1e-15);
        Assert.Equal(0.25, smooth.LearningRate(1, 20), 1e-15);
        var stairs = new ExponentialSchedule(1.0, 0.5, decaySteps: 10, staircase: true);
        Assert.Equal(1.0, stairs.LearningRate(1, 9));
        Assert.Equal(0.5, stairs.LearningRate(1, 10));
    }

    [Fact]
    public void Smoothed_loss_follows_the_course()
    {
        var smooth = SmoothedLoss.Course(65, 25);
        Assert.Equal(-Math.Log(1.0 / 65) * 25, smooth.Value);
        Assert.Equal(104.36, smooth.Value, 0.01);

        double start = smooth.Value;
        Assert.Equal(start * 0.999 + 50 * 0.001, smooth.Update(50));
    }

    [Fact]
    public void Loss_metrics()
    {
        Assert.Equal(1.0, LossMetrics.BitsPerCharacter(Math.Log(2)), 1e-15);
        Assert.Equal(65, LossMetrics.Perplexity(LossMetrics.UniformNats(65)), 1e-10);

        var acc = new LossAccumulator();
        Assert.True(double.IsNaN(acc.NatsPerToken));
        acc.Add(10 * Math.Log(4), 10);
        acc.Add(30 * Math.Log(4), 30);
        Assert.Equal(40, acc.Tokens);
        Assert.Equal(2.0, acc.BitsPerToken, 1e-12);
        Assert.Equal(4.0, acc.Perplexity, 1e-12);
    }
}
