using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>The gradients the generator emitted for the subjects, against float64 central differences.</summary>
public class GeneratedGradientTests
{
    private static readonly GradientCheckOptions Every = new() { CheckEveryEntry = true };

    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.7, dims);

    private static void AssertAgrees(IDifferentiableFunction f)
    {
        var result = GradientChecker.Check(f, Every);
        Assert.True(result.Passed, result.Report());
        foreach (var t in result.Tensors)
            Assert.True(t.MaxRelativeError <= 1e-6 || t.MaxAbsoluteError <= Every.AbsoluteTolerance, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Elman_step(ulong seed)
    {
        var r = new Rng(seed);
        AssertAgrees(Cells.ElmanFunction(N(r, 3), N(r, 4), N(r, 4, 3), N(r, 4, 4), N(r, 4), N(r, 4)));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Lstm_step_with_both_outputs(ulong seed)
    {
        var r = new Rng(seed);
        AssertAgrees(Cells.LstmFunction(N(r, 3), N(r, 4), N(r, 4), N(r, 16, 7), N(r, 16), N(r, 4), N(r, 4)));
    }

    /// <summary>Primitives declared in generic types (and a type nested in one) are called, with their rules and
    /// destination-passing forms, through the constructed type the user's call names: the generated code compiles and
    /// its gradient is the finite differences' of the user's method.</summary>
    [Fact]
    public void Primitives_of_generic_types()
    {
        var r = new Rng(8);
        AssertAgrees(GenericOpsUser.LossFunction(N(r, 2, 3), N(r, 2, 3)));
    }

    [Fact]
    public void Lstm_step_over_a_batch_of_rows()
    {
        var r = new Rng(5);
        AssertAgrees(Cells.LstmFunction(N(r, 2, 3), N(r, 2, 4), N(r, 2, 4), N(r, 16, 7), N(r, 16), N(r, 2, 4), N(r, 2, 4)));
    }

    [Fact]
    public void Gru_step()
    {
        var r = new Rng(3);
        AssertAgrees(Cells.GruFunction(N(r, 3), N(r, 4), N(r, 8, 7), N(r, 8), N(r, 4, 3), N(r, 4), N(r, 4, 4), N(r, 4), N(r, 4)));
    }

    [Fact]
    public void Method_calling_another_composes_their_generated_backward()
    {
        var r = new Rng(4);
        AssertAgrees(Cells.TwoLstmStepsFunction(N(r, 3), N(r, 3), N(r, 4), N(r, 4), N(r, 16, 7), N(r, 16)));
    }

    [Fact]
    public void Two_layer_mlp_with_softmax_cross_entropy_and_scalar_arithmetic()
    {
        var r = new Rng(6);
        AssertAgrees(Mlp.LossFunction(N(r, 5, 3), N(r, 5), N(r, 4, 5), N(r, 4), N(r, 3), 2, 0.3));
    }

    [Fact]
    public void Parameter_container_over_a_batch()
    {
        var r = new Rng(7);
        var p = new MlpWeights { W1 = N(r, 5, 3), B1 = N(r, 5), W2 = N(r, 4, 5), B2 = N(r, 4) };
        var x = N(r, 6, 3);
        // keep the relu pre-activations away from its kink so central differences see a smooth function
        var pre = Ops.Add(Ops.MatVec(p.W1, x), p.B1);
        for (int i = 0; i < pre.Length; i++) Assert.True(Math.Abs(pre.GetAt(i)) > 1e-3, "seed puts a relu input at its kink");
        var f = Mlp.BatchLossFunction(p, x, new[] { 0, 3, 1, 2, 3, 0 });
        Assert.Equal(new[] { "p.W1", "p.B1", "p.W2", "p.B2", "x" }, f.Inputs.Select(i => i.Name));
        AssertAgrees(f);
    }

    [Fact]
    public void Scalar_argument_gradient_from_the_value_and_gradient_entry_point()
    {
        var r = new Rng(8);
        Tensor w1 = N(r, 5, 3), b1 = N(r, 5), w2 = N(r, 4, 5), b2 = N(r, 4), x = N(r, 3);
        double decay = 0.3, ddecay = 0;
        Mlp.LossWithGradient(w1, b1, w2, b2, x, 1, decay, null, null, null, null, null, ref ddecay);
        const double h = 1e-5;
        double numeric = (Mlp.Loss(w1, b1, w2, b2, x, 1, decay + h) - Mlp.Loss(w1, b1, w2, b2, x, 1, decay - h)) / (2 * h);
        Assert.Equal(numeric, ddecay, 8);
    }

    [Fact]
    public void Generated_forward_computes_the_same_value_as_the_method()
    {
        var r = new Rng(9);
        Tensor x = N(r, 3), h = N(r, 4), c = N(r, 4), w = N(r, 16, 7), b = N(r, 16);
        var direct = Cells.Lstm(x, h, c, w, b);
        var generated = Cells.LstmForward(x, h, c, w, b, new Cells.LstmTape());
        Assert.Equal(direct.H.ToDoubleArray(), generated.H.ToDoubleArray());
        Assert.Equal(direct.C.ToDoubleArray(), generated.C.ToDoubleArray());
    }

    [Fact]
    public void Container_gets_zeros_like_zeroing_and_named_tensors()
    {
        var r = new Rng(10);
        var p = new MlpWeights { W1 = N(r, 2, 3), B1 = N(r, 2), W2 = N(r, 1, 2), B2 = N(r, 1) };
        var g = p.ZerosLike();
        Assert.Equal(p.W1.Shape, g.W1.Shape);
        Assert.All(g.NamedTensors(), t => Assert.All(t.Value.ToDoubleArray(), v => Assert.Equal(0, v)));
        Assert.Equal(new[] { "W1", "B1", "W2", "B2" }, p.NamedTensors().Select(t => t.Name));
        Assert.Equal(MlpWeights.TensorCount, p.NamedTensors().Count);
        p.ZeroAll();
        Assert.All(p.NamedTensors(), t => Assert.All(t.Value.ToDoubleArray(), v => Assert.Equal(0, v)));
    }
}
