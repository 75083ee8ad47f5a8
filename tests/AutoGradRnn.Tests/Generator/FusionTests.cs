using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>The fusion pass: a composition declared by a [Fuses] primitive becomes one call where nothing else reads the
/// values it swallows, for the runtime's fusions and a user's own; elsewhere the steps stay as written. Every fused
/// method's gradient is checked against float64 central differences of the user's own method.</summary>
public class FusionTests
{
    private static readonly GradientCheckOptions Every = new() { CheckEveryEntry = true };

    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.7, dims);

    private static void AssertAgrees(IDifferentiableFunction f)
    {
        var result = GradientChecker.Check(f, Every);
        Assert.True(result.Passed, result.Report());
        Assert.True(result.ForwardPassed, result.Report());
    }

    /// <summary>The generated file of a method with this body (over Tensor parameters a, b, c, d, gates and w).</summary>
    private static string Generate(string body, string parameters = "Tensor a, Tensor b, Tensor c, Tensor d, Tensor gates, Tensor w", string extra = "",
        string returns = "double", string expected = "")
    {
        var run = GeneratorHarness.Run($$"""
            using AutoGradRnn;
            using static AutoGradRnn.Ops;

            namespace Demo;

            public static partial class Subject
            {
                [Differentiable]
                public static {{returns}} M({{parameters}})
                {
                    {{body}}
                }
            }
            {{extra}}
            """);
        // AGR009 (an argument a body does not use) is expected: the bodies share one parameter list.
        Assert.Equal(expected, string.Join(", ", run.GeneratorDiagnostics.Where(d => d.Id != "AGR009").Select(d => d.Id)));
        Assert.Empty(run.CompilationProblems);
        return run.Generated.Single().Text;
    }

    [Fact]
    public void Sigmoid_of_a_slice_read_once_is_one_call()
    {
        string text = Generate("var s = Slice(gates, 1, 2); return Sum(Sigmoid(s) * w);");
        Assert.Contains("global::AutoGradRnn.Ops.SigmoidOfSlice(gates, 1, 2, ", text);
        Assert.Contains("global::AutoGradRnn.Ops.SigmoidOfSliceBackward(gates, 1, 2, ", text);
        Assert.DoesNotContain("Ops.Slice(", text);
        Assert.DoesNotContain("Ops.Sigmoid(", text);
    }

    [Fact]
    public void Operators_match_the_methods_whose_rule_they_share()
    {
        string text = Generate("return Sum((a * b + Multiply(c, d)) * w);");
        Assert.Contains("global::AutoGradRnn.Ops.AddProducts(a, b, c, d, ", text);
        Assert.Contains("AddProductsBackward(a, b, c, d, ", text);
    }

    [Fact]
    public void Not_applied_when_the_intermediate_has_two_uses()
    {
        string text = Generate("var s = Slice(gates, 1, 2); return Sum((Sigmoid(s) + s) * w);");
        Assert.Contains("global::AutoGradRnn.Ops.Slice(gates, 1, 2, ", text);
        Assert.Contains("global::AutoGradRnn.Ops.Sigmoid(s, ", text);
        Assert.DoesNotContain("OfSlice", text);

        string products = Generate("var p = a * b; return Sum((p + c * d) * w + p);");
        Assert.DoesNotContain("AddProducts", products);
    }

    [Fact]
    public void Not_applied_when_the_intermediate_is_returned_carried_or_in_another_block()
    {
        string returned = Generate("var s = Slice(gates, 1, 2); return (Sigmoid(s), s);", parameters: "Tensor gates", returns: "(Tensor A, Tensor S)");
        Assert.DoesNotContain("OfSlice", returned);

        string carried = Generate("""
            var s = Slice(gates, 0, 2);
            var h = a;
            for (int t = 0; t < 3; t++)
            {
                h = h + Sigmoid(s);
                s = Slice(gates, 1, 2);
            }
            return Sum(h * w);
            """);
        Assert.DoesNotContain("OfSlice", carried);

        string otherBlock = Generate("""
            var s = Slice(gates, 0, 2);
            var h = a;
            for (int t = 0; t < 3; t++) h = h * Sigmoid(s);
            return Sum(h * w);
            """);
        Assert.DoesNotContain("OfSlice", otherBlock);
    }

    [Fact]
    public void Not_applied_when_quoted_code_reads_the_intermediate()
    {
        string text = Generate("var s = Slice(gates, 1, 2); int n = s.Shape.Last; return n * Sum(Sigmoid(s) * w);");
        Assert.DoesNotContain("OfSlice", text);
    }

    /// <summary>Two primitives of a user's class MyOps, which the tests below fuse.</summary>
    private const string MyPrimitives = """
        [DerivativeRule(nameof(TwiceBackward))]
        public static Tensor Twice(Tensor x) => Scale(x, 2.0);
        public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }

        [DerivativeRule(nameof(HalveBackward))]
        public static Tensor Halve(Tensor x) => Scale(x, 0.5);
        public static void HalveBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
        """;

    [Fact]
    public void A_user_declared_fusion_of_the_users_own_primitives_is_applied()
    {
        string text = Generate("return Sum(MyOps.Halve(MyOps.Twice(a)) * w);", parameters: "Tensor a, Tensor w", extra: $$"""
            public static class MyOps
            {
                {{MyPrimitives}}
                [Fuses($"{nameof(Halve)}({nameof(Twice)}(x))")]
                [DerivativeRule(nameof(IdentityBackward))]
                public static Tensor Identity(Tensor x) => x.Clone();
                public static void IdentityBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
            }
            """);
        Assert.Contains("global::Demo.MyOps.Identity(a)", text);
        Assert.DoesNotContain("global::Demo.MyOps.Twice(", text);
    }

    /// <summary>Each is AGR025 at its declaration (FusionDiagnosticTests), and the method is generated without it.</summary>
    [Fact]
    public void A_declaration_that_does_not_read_is_not_applied()
    {
        string text = Generate("return Sum(MyOps.Halve(MyOps.Twice(a)) * w);", parameters: "Tensor a, Tensor w", expected: "AGR025, AGR025, AGR025", extra: $$"""
            public static class MyOps
            {
                {{MyPrimitives}}
                [Fuses("Halve(Twice(y))")]
                [DerivativeRule(nameof(IdentityBackward))]
                public static Tensor Identity(Tensor x) => x.Clone();
                public static void IdentityBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }

                [Fuses("Halve(Twice(x)")]
                [DerivativeRule(nameof(OtherBackward))]
                public static Tensor Other(Tensor x) => x.Clone();
                public static void OtherBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }

                [Fuses("Halve(x)")]
                [DerivativeRule(nameof(AloneBackward))]
                public static Tensor Alone(Tensor x) => x.Clone();
                public static void AloneBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
            }
            """);
        Assert.Contains("global::Demo.MyOps.Twice(a)", text);
        Assert.DoesNotContain("Identity(", text);
        Assert.DoesNotContain("Other(", text);
        Assert.DoesNotContain("Alone(", text);
        Assert.Contains("global::Demo.MyOps.Halve(", text);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void User_fusion_gradient_matches_the_users_method(ulong seed)
    {
        var r = new Rng(seed);
        int before = UserFusedOps.FusedCalls;
        AssertAgrees(Fusions.UserFusionFunction(N(r, 2, 5), N(r, 2, 5)));
        Assert.True(UserFusedOps.FusedCalls > before, "the generated forward did not call the fused primitive");
    }

    [Fact]
    public void Products_with_a_repeated_vector_match_the_users_method()
    {
        var r = new Rng(3);
        AssertAgrees(Fusions.RepeatedProductsFunction(N(r, 3, 4), N(r, 4), N(r, 3, 4), N(r, 3, 4), N(r, 3, 4)));
    }

    [Fact]
    public void A_slice_read_twice_keeps_its_steps_and_its_gradient()
    {
        var r = new Rng(4);
        AssertAgrees(Fusions.SliceReadTwiceFunction(N(r, 3, 6), N(r, 3, 3)));
    }
}
