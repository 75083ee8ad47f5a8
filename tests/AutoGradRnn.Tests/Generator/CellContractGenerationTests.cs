using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// A class implementing <c>IRecurrentCell&lt;itself&gt;</c> gets the contract's members from its <c>[Differentiable] Step</c>;
/// a <c>Step</c> of another shape is AGR021 at the part that differs, the method itself still generated and the contract's
/// members emitted to throw, so AGR021 is the only error the user sees.
/// </summary>
public class CellContractGenerationTests
{
    private const string Weights = "[Parameters] public sealed partial class Weights { public Tensor W = null!; public Tensor U = null!; }\n"
        + "public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights { W = size.Uniform(rng, dtype, size.Hidden, size.Input), U = size.Uniform(rng, dtype, size.Hidden, size.Hidden) };\n";

    private static string Cell(string step) =>
        "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic sealed partial class Mini : IRecurrentCell<Mini>\n{\n" + Weights + step + "\n}\n";

    private static (GeneratorHarness Run, List<(string Id, string Span)> Diagnostics) Generate(string source)
    {
        var run = GeneratorHarness.Run(source);
        var found = run.GeneratorDiagnostics.Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToList();
        return (run, found);
    }

    [Theory]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return n; }")]
    [InlineData("public static (Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return (n, c * n); }")]
    [InlineData("public static (Tensor, Tensor, Tensor) Step(Weights p, Tensor x, Tensor a, Tensor b, Tensor c) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, a)); return (n, b + n, c * b); }")]
    public void A_step_of_the_standard_shape_implements_the_contract_and_compiles(string step)
    {
        var (run, diagnostics) = Generate(Cell("[Differentiable] " + step));
        Assert.Empty(diagnostics);
        Assert.Empty(run.CompilationProblems);
        var file = Assert.Single(run.Generated, g => g.HintName == "Demo.Mini.Step.g.cs");
        Assert.Contains("global::AutoGradRnn.IRecurrentCell<global::Demo.Mini>.Backward(", file.Text);
        Assert.Contains("global::AutoGradRnn.IRecurrentCell<global::Demo.Mini>.Evaluate(", file.Text);
    }

    [Theory]
    [InlineData("public static Tensor Step(Tensor x, Tensor h, Weights p) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return n; }", "Tensor x", "first parameter is not a [Parameters] class")]
    [InlineData("public static Tensor Step(Weights p, int x, Tensor h) { var n = Tanh(MatVec(p.U, h)); return n; }", "int x", "second parameter is not the input Tensor")]
    [InlineData("public static Tensor Step(Weights p, Tensor x) { var n = Tanh(MatVec(p.W, x)); return n; }", "(Weights p, Tensor x)", "takes no state Tensor")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h, double scale) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)) * scale; return n; }", "double scale", "parameter 'scale' is not a state Tensor")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h, Tensor c) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)) + c; return n; }", "Tensor", "returns AutoGradRnn.Tensor for 2 state Tensor(s) (h, c)")]
    [InlineData("public static (Tensor H, double S) Step(Weights p, Tensor x, Tensor h, Tensor c) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)) + c; return (n, Sum(n)); }", "(Tensor H, double S)", "returns (AutoGradRnn.Tensor H, double S)")]
    public void A_step_of_another_shape_is_AGR021_at_the_part_that_differs(string step, string span, string reason)
    {
        var (run, diagnostics) = Generate(Cell("[Differentiable] " + step));
        var d = Assert.Single(diagnostics);
        Assert.Equal(("AGR021", span), d);
        Assert.Contains(reason, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'Mini' implements IRecurrentCell", run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("Other")]
    [InlineData("Other.Inner")]
    public void A_cell_naming_another_type_in_its_contract_is_AGR021_at_its_name(string other)
    {
        var source = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\n"
            + "public sealed partial class Other : IRecurrentCell<Other>\n{\n" + Weights
            + "[Differentiable] public static Tensor Step(Weights p, Tensor x, Tensor h) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return n; }\n"
            + "public sealed partial class Inner : IRecurrentCell<Inner>\n{\n" + Weights
            + "[Differentiable] public static Tensor Step(Weights p, Tensor x, Tensor h) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return n; }\n}\n}\n"
            + "public sealed partial class Mini : IRecurrentCell<" + other + ">\n{\n"
            + "public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => Other.Initialize(size, dtype, rng);\n"
            + "[Differentiable] public static Tensor Step(Other.Weights p, Tensor x, Tensor h) { var n = Tanh(MatVec(p.W, x) + MatVec(p.U, h)); return n; }\n}\n";
        var (run, diagnostics) = Generate(source);
        var d = Assert.Single(diagnostics);
        Assert.Equal(("AGR021", "Mini"), d);
        string message = run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'Mini' implements IRecurrentCell", message);
        Assert.Contains("it implements AutoGradRnn.IRecurrentCell<Demo." + other + ">: a cell implements the contract of itself, IRecurrentCell<Mini>", message);
        // The contract's members are emitted to throw, so AGR021 is the only error: no CS0535 per member.
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_Step_in_a_class_that_is_not_a_cell_is_an_ordinary_method()
    {
        var source = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static partial class Plain\n{\n"
            + "[Differentiable] public static Tensor Step(Tensor x, Tensor h) { var n = Tanh(x + h); return n; }\n}\n";
        var (run, diagnostics) = Generate(source);
        Assert.Empty(diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain("IRecurrentCell", Assert.Single(run.Generated).Text);
    }
}
