namespace AutoGradRnn.Tests.Generator;

/// <summary>A generated backward's trailing nullable adjoints default to null, so a caller names the adjoints it passes
/// and cannot put them in the wrong order; a required adjoint (a double output's, a <c>ref double</c>) keeps no default.</summary>
public class NamedAdjointTests
{
    private const string Source = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;

        [Parameters]
        public sealed partial class W { public Tensor A = null!; public Tensor B = null!; }

        public static partial class Model
        {
            [Differentiable]
            public static (double Loss, Tensor H) Window(W p, Tensor x, Tensor h)
            {
                var next = Tanh(MatVec(p.A, x) + p.B + h);
                return (Sum(next * next), next);
            }

            [Differentiable]
            public static Tensor Scaled(Tensor x, double s, Tensor y) => Scale(x, s) + y;

            public static void Calls(W p, W g, Tensor x, Tensor h, Tensor dy)
            {
                var tape = new WindowTape();
                WindowForward(p, x, h, tape);
                WindowBackward(tape, dLoss: 1.0, dp: g);
                WindowBackward(tape, 1.0, null, g, null, null);
                var scaled = new ScaledTape();
                ScaledForward(x, 2.0, h, scaled);
                double ds = 0;
                ScaledBackward(scaled, dResult: dy, dx: null, ds: ref ds);
            }
        }
        """;

    [Fact]
    public void Callers_name_the_adjoints_they_pass()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems));

        string window = run.Generated.Single(s => s.HintName.EndsWith("Model.Window.g.cs")).Text;
        Assert.Contains("WindowBackward(WindowTape tape, double dLoss, global::AutoGradRnn.Tensor? dH = null, global::Demo.W? dp = null, " +
                        "global::AutoGradRnn.Tensor? dx = null, global::AutoGradRnn.Tensor? dh = null)", window);
        string scaled = run.Generated.Single(s => s.HintName.EndsWith("Model.Scaled.g.cs")).Text;
        // After a ref double nothing before it can default.
        Assert.Contains("ScaledBackward(ScaledTape tape, global::AutoGradRnn.Tensor? dResult, global::AutoGradRnn.Tensor? dx, ref double ds, global::AutoGradRnn.Tensor? dy = null)", scaled);
    }
}
