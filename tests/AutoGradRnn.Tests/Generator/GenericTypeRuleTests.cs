namespace AutoGradRnn.Tests.Generator;

/// <summary>Primitives of generic types: the generated code names the rule through the constructed type the call names
/// (it compiles), and a rule type that is another open generic type is a diagnostic, not uncompilable output.
/// The gradients are checked in <see cref="GeneratedGradientTests.Primitives_of_generic_types"/>.</summary>
public class GenericTypeRuleTests
{
    private const string Header = "using AutoGradRnn;\nnamespace Demo;\n";

    private static string Primitive(string attribute) =>
        "    " + attribute + "\n    public static Tensor Half(Tensor x) => Ops.Scale(x, 0.5);\n"
        + "    public static void HalfBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }\n";

    [Theory]
    [InlineData("public static class MyOps<T>\n{\n{P}}\n", "MyOps<float>", "global::Demo.MyOps<float>.HalfBackward(", "MyOps<>")]
    [InlineData("public static class MyOps<T, U>\n{\n{P}}\n", "MyOps<int, string>", "global::Demo.MyOps<int, string>.HalfBackward(", "MyOps<,>")]
    [InlineData("public static class Outer<T>\n{\n    public static class MyOps\n    {\n{P}    }\n}\n", "Outer<long>.MyOps", "global::Demo.Outer<long>.MyOps.HalfBackward(", null)]
    public void A_rule_beside_a_generic_primitive_is_called_through_the_calls_type(string type, string call, string expected, string? openType)
    {
        var attributes = openType is null
            ? new[] { "[DerivativeRule(nameof(HalfBackward))]" }
            : new[] { "[DerivativeRule(nameof(HalfBackward))]", "[DerivativeRule(typeof(" + openType + "), nameof(HalfBackward))]" };
        foreach (var attribute in attributes)
        {
            var run = GeneratorHarness.Run(Header + type.Replace("{P}", Primitive(attribute), StringComparison.Ordinal)
                + "public static partial class M { [Differentiable] public static double F(Tensor a) => Ops.Sum(" + call + ".Half(a)); }\n");
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompilationProblems);
            Assert.Contains(expected, run.Generated.Single().Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_rule_in_another_open_generic_type_is_a_diagnostic()
    {
        var run = GeneratorHarness.Run(Header + "public static class Rules<T> { public static void HalfBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { } }\n"
            + "public static class MyOps\n{\n    [DerivativeRule(typeof(Rules<>), \"HalfBackward\")]\n    public static Tensor Half(Tensor x) => Ops.Scale(x, 0.5);\n}\n"
            + "public static partial class M { [Differentiable] public static double F(Tensor a) => Ops.Sum(MyOps.Half(a)); }\n");
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGR011", diagnostic.Id);
        Assert.Contains("an open generic type: name a constructed one, such as typeof(Rules<float>)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }
}
