namespace AutoGradRnn.Tests.Generator;

/// <summary>Loop and branch shapes run through the generator on source text: what is emitted compiles with no error
/// or warning. (Shapes whose values and gradients are checked at run time are in <see cref="LoopShapeTests"/>.)</summary>
public class LoopCompileTests
{
    private const string Header = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static partial class Model\n{\n";

    private static void GeneratesAndCompiles(string members)
    {
        var run = GeneratorHarness.Run(Header + members + "\n}\n");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Generated);
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString() + "\n" + string.Join("\n", run.Generated.Select(g => g.Text))));
    }

    [Fact]
    public void Float_assigned_at_the_top_level()
    {
        GeneratesAndCompiles("[Differentiable] public static double F(Tensor h, float f) { f = f * 2; return Sum(h) * f; }");
    }

    [Fact]
    public void Float_argument_carried_through_a_loop()
    {
        GeneratesAndCompiles("[Differentiable] public static double F(Tensor h, float f, int n) { double loss = 0; for (int t = 0; t < n; t++) { loss += Sum(h) * f; f *= 0.5f; } return loss + f; }");
    }

    [Fact]
    public void Float_local_carried_through_a_loop()
    {
        GeneratesAndCompiles("[Differentiable] public static double F(Tensor h, int n) { float f = 1; double loss = 0; for (int t = 0; t < n; t++) { f = f * 0.5f; loss += Sum(h * f); } return loss; }");
    }

    [Fact]
    public void Float_assigned_in_one_branch_of_an_if()
    {
        GeneratesAndCompiles("[Differentiable] public static double F(Tensor h, float f, bool flag) { if (flag) { h = Tanh(h); } else { f = f * 2; } return Sum(h) * f; }");
    }

    [Fact]
    public void Float_argument_scaling_a_tensor_in_a_loop()
    {
        GeneratesAndCompiles("[Differentiable] public static Tensor F(Tensor h, float s, int n) { for (int t = 0; t < n; t++) { h = h * s; } return h; }");
    }

    [Fact]
    public void Condition_reading_the_shape_of_a_carried_tensor()
    {
        GeneratesAndCompiles("[Differentiable] public static double F(Tensor h, Tensor x, int n) { for (int t = 0; t < n && h.Shape[0] < 10; t++) { h = Concat(h, x); } return Sum(h); }");
    }

    [Fact]
    public void Same_local_names_in_consecutive_loops_and_an_empty_loop()
    {
        GeneratesAndCompiles(
            "[Differentiable] public static double F(Tensor x, int n) { double loss = 0; for (int t = 0; t < n; t++) { var z = Tanh(x); loss += Sum(z); } " +
            "for (int t = 0; t < n; t++) { var z = Sigmoid(x); loss += Sum(z); } for (int t = 0; t < n; t++) loss += Sum(x); for (int t = 0; t < n; t++) ; return loss; }");
    }
}
