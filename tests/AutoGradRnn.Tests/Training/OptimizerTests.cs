using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

/// <summary>Two steps of each optimizer against values worked out by hand (in double), in both element types,
/// and the bookkeeping around them: binding, mismatches, state save/restore.</summary>
public class OptimizerTests
{
    private static readonly double[] P0 = [1.0, -2.0, 0.5];
    private static readonly double[] G1 = [0.5, -1.0, 2.0];
    private static readonly double[] G2 = [-0.25, 0.5, 1.0];

    private static (NamedTensor[] Parameters, NamedTensor[] Gradients) Problem(DType dtype) =>
        ([new NamedTensor("W", Tensor.FromValues(dtype, P0, 3))], [new NamedTensor("W", Tensor.Zeros(dtype, 3))]);

    private static void TwoSteps(IOptimizer optimizer, DType dtype, double[] afterFirst, double[] afterSecond, double float64Tolerance = 1e-13)
    {
        var (parameters, gradients) = Problem(dtype);
        double tolerance = dtype == DType.Float32 ? 1e-6 : float64Tolerance;

        gradients[0].Value.CopyFrom(Tensor.FromArray(G1, 3));
        optimizer.Step(parameters, gradients);
        AssertClose(afterFirst, parameters[0].Value, tolerance);

        gradients[0].Value.CopyFrom(Tensor.FromArray(G2, 3));
        optimizer.Step(parameters, gradients);
        AssertClose(afterSecond, parameters[0].Value, tolerance);
        Assert.Equal(2, optimizer.StepCount);
    }

    internal static void AssertClose(double[] expected, Tensor actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual.GetAt(i) - expected[i]) <= relative * scale,
                $"element {i}: expected {expected[i]:R}, got {actual.GetAt(i):R}");
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Sgd_subtracts_lr_times_the_gradient(DType dtype) =>
        // p − 0.1·g1 = [1 − 0.05, −2 + 0.1, 0.5 − 0.2]; then − 0.1·g2 = [+0.025, −0.05, −0.1]
        TwoSteps(new Sgd(0.1), dtype, [0.95, -1.9, 0.3], [0.975, -1.95, 0.2]);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Adagrad_follows_min_char_rnn(DType dtype) =>
        // Step 1: mem = g1² = [0.25, 1, 4]; p −= 0.1·g1/√(mem + 1e-8) ≈ 0.1·sign(g1), e.g. 1 − 0.05/√0.25000001 = 0.900000002.
        // Step 2: mem = [0.3125, 1.25, 5]; each |0.1·g2/√mem| = 0.1/√5 = 0.0447213595…
        // In float64 the operations and their order are numpy's (p += -lr·g / sqrt(mem + 1e-8)), so the
        // values (the doubles that expression gives) match to the last bit.
        TwoSteps(new Adagrad(0.1, 1e-8), dtype,
            [0.900000002, -1.9000000005, 0.400000000125],
            [0.944721360834454, -1.9447213598711104, 0.3552786406197255],
            float64Tolerance: 0);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Adam_uses_bias_correction(DType dtype) =>
        // Step 1: m̂ = g1, v̂ = g1², so p −= 0.01·g1/(|g1| + 1e-8) ≈ 0.01·sign(g1).
        // Step 2: m = [0.02, −0.04, 0.28], v = [3.1225e-4, 1.249e-3, 4.996e-3], corrections 1 − 0.9² = 0.19, 1 − 0.999² = 0.001999.
        TwoSteps(new Adam(0.01, 0.9, 0.999, 1e-8), dtype,
            [0.9900000002, -1.9900000001, 0.49000000005],
            [0.9873366298707846, -1.9873366297370902, 0.480678203720851]);

    [Fact]
    public void Adagrad_state_is_the_summed_squares()
    {
        var (parameters, gradients) = Problem(DType.Float64);
        var adagrad = new Adagrad();
        gradients[0].Value.CopyFrom(Tensor.FromArray(G1, 3));
        adagrad.Step(parameters, gradients);
        gradients[0].Value.CopyFrom(Tensor.FromArray(G2, 3));
        adagrad.Step(parameters, gradients);

        var state = Assert.Single(adagrad.GetState());
        Assert.Equal("memory.W", state.Name);
        Assert.Equal(new[] { 0.3125, 1.25, 5.0 }, state.Value.ToDoubleArray());
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adagrad")]
    [InlineData("adam")]
    public void Restored_state_continues_exactly(string kind)
    {
        Func<IOptimizer> make = kind switch
        {
            "sgd" => () => new Sgd(0.1),
            "adagrad" => () => new Adagrad(),
            _ => () => new Adam(0.01),
        };
        var (p1, g) = Problem(DType.Float32);
        var first = make();
        g[0].Value.CopyFrom(Tensor.FromArray(G1, 3));
        first.Step(p1, g);

        // A second optimizer over a copy of the parameters, resumed from the first's state before it is bound.
        var p2 = new[] { new NamedTensor("W", p1[0].Value.Clone()) };
        var resumed = make();
        resumed.LoadState(first.GetState().Select(t => new NamedTensor(t.Name, t.Value.Clone())).ToArray(), first.StepCount);

        g[0].Value.CopyFrom(Tensor.FromArray(G2, 3));
        first.Step(p1, g);
        resumed.Step(p2, g);

        Assert.Equal(p1[0].Value.Floats.ToArray(), p2[0].Value.Floats.ToArray());
        Assert.Equal(2, resumed.StepCount);
    }

    [Theory]
    [InlineData("adagrad")]
    [InlineData("adam")]
    public void Loaded_state_is_the_state_before_the_first_step(string kind)
    {
        // A checkpoint written between LoadState and the first step must hold the loaded state, not nothing
        // (issue 17: a resume with no steps left rewrote the checkpoint without its optimizer state).
        var (p, g) = Problem(DType.Float32);
        IOptimizer first = kind == "adam" ? new Adam(0.01) : new Adagrad();
        g[0].Value.CopyFrom(Tensor.FromArray(G1, 3));
        first.Step(p, g);
        var saved = first.GetState().Select(t => new NamedTensor(t.Name, t.Value.Clone())).ToArray();

        IOptimizer resumed = kind == "adam" ? new Adam(0.01) : new Adagrad();
        resumed.LoadState(saved, first.StepCount);

        Assert.Equal(saved.Select(t => t.Name), resumed.GetState().Select(t => t.Name));
        Assert.Equal(saved.Select(t => t.Value.Floats.ToArray()), resumed.GetState().Select(t => t.Value.Floats.ToArray()));
    }

    [Fact]
    public void Adam_state_names_both_moments()
    {
        var (p, _) = Problem(DType.Float32);
        var adam = new Adam();
        adam.Initialize(p);

        Assert.Equal(new[] { "m.W", "v.W" }, adam.GetState().Select(t => t.Name));
        Assert.Empty(new Sgd(1).GetState());
    }

    [Fact]
    public void Loading_state_with_a_missing_or_misshapen_tensor_is_refused()
    {
        var (p, g) = Problem(DType.Float32);
        var adam = new Adam();
        adam.Initialize(p);

        var missing = Assert.Throws<ArgumentException>(() => adam.LoadState([new NamedTensor("m.W", Tensor.Zeros(DType.Float32, 3))], 1));
        Assert.Contains("'v.W' is missing", missing.Message);
        var shape = Assert.Throws<ArgumentException>(() => adam.LoadState(
            [new NamedTensor("m.W", Tensor.Zeros(DType.Float32, 3)), new NamedTensor("v.W", Tensor.Zeros(DType.Float32, 4))], 1));
        Assert.Contains("'v.W' has shape [4]", shape.Message);
        var extra = Assert.Throws<ArgumentException>(() => adam.LoadState(
            [new NamedTensor("m.W", Tensor.Zeros(DType.Float32, 3)), new NamedTensor("v.W", Tensor.Zeros(DType.Float32, 3)), new NamedTensor("m.X", Tensor.Zeros(DType.Float32, 3))], 1));
        Assert.Contains("unexpected state tensor 'm.X'", extra.Message);

        // Pending state is checked when the optimizer binds.
        var pending = new Adagrad();
        pending.LoadState([new NamedTensor("memory.Other", Tensor.Zeros(DType.Float32, 3))], 5);
        Assert.Contains("'memory.W' is missing", Assert.Throws<ArgumentException>(() => pending.Step(p, g)).Message);
    }

    [Fact]
    public void Mismatched_lists_are_refused_with_the_names()
    {
        var (p, g) = Problem(DType.Float32);
        var sgd = new Sgd(0.1);

        Assert.Contains("1 parameters but 0 gradients", Assert.Throws<ArgumentException>(() => sgd.Step(p, [])).Message);
        Assert.Contains("named 'V' but parameter 0 is 'W'", Assert.Throws<ArgumentException>(() =>
            sgd.Step(p, [new NamedTensor("V", Tensor.Zeros(DType.Float32, 3))])).Message);
        Assert.Contains("Float64 [3] but its parameter is Float32 [3]", Assert.Throws<ArgumentException>(() =>
            sgd.Step(p, [new NamedTensor("W", Tensor.Zeros(DType.Float64, 3))])).Message);

        sgd.Step(p, g);
        Assert.Contains("set up for 1 parameters; got 2", Assert.Throws<ArgumentException>(() =>
            sgd.Step([p[0], new NamedTensor("b", Tensor.Zeros(DType.Float32, 1))], [g[0], new NamedTensor("b", Tensor.Zeros(DType.Float32, 1))])).Message);
    }

    [Fact]
    public void Hyperparameters_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(0.1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(1e-3, beta1: 1.0));
        Assert.Equal(0.999, new Adam().Hyperparameters["beta2"]);
    }
}
