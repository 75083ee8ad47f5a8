namespace AutoGradRnn.Tests.Generator;

/// <summary>The rule formula quoted above each use names the adjoints and values at that use, also next to
/// symbols such as ᵀ.</summary>
public class RuleQuoteTests
{
    [Fact]
    public void Transposed_adjoint_is_renamed_too()
    {
        var run = GeneratorHarness.Run("""
            using AutoGradRnn;
            using static AutoGradRnn.Ops;
            namespace Demo;
            public static partial class Layer
            {
                [Differentiable]
                public static Tensor F(Tensor w, Tensor x) => Tanh(MatVec(w, x));
            }
            """);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("//   matVec = MatVec(w, x)  ⇒  dw += dmatVecᵀ · x; dx += dmatVec · w", Assert.Single(run.Generated).Text);
    }
}
