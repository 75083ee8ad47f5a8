namespace AutoGradRnn.Tests.Runtime;

/// <summary>The vectorised backward of σ and tanh (passes over 256-element chunks) against its formula, element by
/// element, across chunk boundaries and a tail, accumulating into a non-zero dx.</summary>
public class SquashBackwardTests
{
    [Theory]
    [InlineData(DType.Float32, 1)]
    [InlineData(DType.Float32, 600)]
    [InlineData(DType.Float64, 256)]
    [InlineData(DType.Float64, 777)]
    public void Sigmoid_and_tanh_backward_follow_their_formula_on_every_element(DType dtype, int n)
    {
        var rng = new Rng((ulong)n);
        var x = Init.Uniform(rng, dtype, -4, 4, n);
        var dy = Init.Uniform(rng, dtype, -2, 2, n);
        var start = Init.Uniform(rng, dtype, -1, 1, n);
        foreach (bool sigmoid in new[] { true, false })
        {
            var y = sigmoid ? Ops.Sigmoid(x) : Ops.Tanh(x);
            var dx = start.Clone();
            if (sigmoid) Ops.SigmoidBackward(x, y, dy, dx);
            else Ops.TanhBackward(x, y, dy, dx);
            var (yv, dyv, s, got) = (y.ToDoubleArray(), dy.ToDoubleArray(), start.ToDoubleArray(), dx.ToDoubleArray());
            double tolerance = dtype == DType.Float32 ? 1e-6 : 1e-15;
            for (int i = 0; i < n; i++)
            {
                double derivative = sigmoid ? yv[i] * (1 - yv[i]) : 1 - yv[i] * yv[i];
                double expected = s[i] + derivative * dyv[i];
                Assert.True(Math.Abs(got[i] - expected) <= tolerance * (1 + Math.Abs(expected)),
                    $"{(sigmoid ? "σ" : "tanh")} [{i}] of {n}: {got[i]} vs {expected}");
            }
        }
    }
}
