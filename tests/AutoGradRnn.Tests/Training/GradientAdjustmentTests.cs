using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

/// <summary>Clipping planned by the clipper and applied by the optimizer chunk by chunk gives exactly the values of
/// clipping the whole gradients first and then stepping, for every clipper, optimizer and element type, across chunk
/// boundaries.</summary>
public class GradientAdjustmentTests
{
    public static TheoryData<string, string, DType> Cases()
    {
        var data = new TheoryData<string, string, DType>();
        foreach (var optimizer in new[] { "sgd", "adagrad", "adam" })
            foreach (var clipper in new[] { "elementwise", "global", "global-not-reached", "none" })
                foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                    data.Add(optimizer, clipper, dtype);
        return data;
    }

    private static IOptimizer NewOptimizer(string kind) => kind switch
    {
        "sgd" => new Sgd(0.3),
        "adagrad" => new Adagrad(0.1),
        _ => new Adam(0.01),
    };

    private static IGradientClipper NewClipper(string kind) => kind switch
    {
        "elementwise" => new ElementwiseClipper(0.5),
        "global" => new GlobalNormClipper(1.0),
        "global-not-reached" => new GlobalNormClipper(1e9),
        _ => new NoClipping(),
    };

    private static NamedTensor[] Random(Rng rng, DType dtype, double scale) =>
    [
        new("W", Init.Uniform(rng, dtype, -scale, scale, 3, 2049)), // crosses the 2048-element chunks
        new("b", Init.Uniform(rng, dtype, -scale, scale, 5)),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Planned_clipping_inside_the_step_equals_clipping_first(string optimizer, string clipper, DType dtype)
    {
        var parameters = Random(new Rng(1), dtype, 1);
        var separate = parameters.Select(p => new NamedTensor(p.Name, p.Value.Clone())).ToArray();
        IOptimizer fusedOptimizer = NewOptimizer(optimizer), separateOptimizer = NewOptimizer(optimizer);
        var rng = new Rng(2);
        for (int step = 0; step < 3; step++)
        {
            var gradients = Random(rng, dtype, 2);
            var copies = gradients.Select(g => new NamedTensor(g.Name, g.Value.Clone())).ToArray();

            double expectedNorm = NewClipper(clipper).Clip(copies);
            separateOptimizer.Step(separate, copies);

            var adjustment = NewClipper(clipper).Plan(gradients, out double norm);
            ((Optimizer)fusedOptimizer).Step(parameters, gradients, adjustment);

            Assert.Equal(expectedNorm, norm);
            for (int i = 0; i < parameters.Length; i++)
            {
                Assert.Equal(separate[i].Value.ToDoubleArray(), parameters[i].Value.ToDoubleArray());
                Assert.Equal(copies[i].Value.ToDoubleArray(), gradients[i].Value.ToDoubleArray()); // clipped in place alike
            }
        }
        Assert.Equal(clipper is "elementwise" or "global", !NewClipper(clipper).Plan(Random(new Rng(3), dtype, 2), out _).IsNone);
    }

    private sealed class HalvingClipper : IGradientClipper
    {
        public double Clip(IReadOnlyList<NamedTensor> gradients)
        {
            double norm = GradientClipping.GlobalNorm(gradients);
            GradientClipping.Scale(gradients, 0.5);
            return norm;
        }
    }

    [Fact]
    public void A_clipper_without_a_plan_still_clips_before_the_update()
    {
        var gradients = Random(new Rng(4), DType.Float64, 1);
        var before = gradients.Select(g => g.Value.ToDoubleArray()).ToArray();
        IGradientClipper clipper = new HalvingClipper();
        var adjustment = clipper.Plan(gradients, out double norm);
        Assert.True(adjustment.IsNone);
        Assert.True(norm > 0);
        for (int i = 0; i < gradients.Length; i++)
            Assert.Equal(before[i].Select(v => v * 0.5), gradients[i].Value.ToDoubleArray());
    }
}
