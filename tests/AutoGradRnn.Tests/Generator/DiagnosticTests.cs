using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Every rejection is a located diagnostic with its id and message; nothing is reported that a test did not expect.</summary>
public class DiagnosticTests
{
    private const string Header = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\n";

    /// <summary>Runs the generator on a class body and returns (id, text at span, message) of every diagnostic.</summary>
    private static List<(string Id, string Span, string Message)> Diagnose(string members, string classModifiers = "public static partial")
    {
        string source = Header + classModifiers + " class Model\n{\n" + members + "\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        return run.GeneratorDiagnostics
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    [Fact]
    public void Unsupported_statement_is_AGR001_at_the_statement()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x) { while (true) { } return x; }"));
        Assert.Equal("AGR001", d.Id);
        Assert.Equal("while (true) { }", d.Span);
        Assert.Contains("while or do loop", d.Message);
    }

    [Fact]
    public void Unsupported_expression_on_a_differentiated_value_is_AGR002()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x, bool flag) { var y = flag ? x : Tanh(x); return y; }"));
        Assert.Equal("AGR002", d.Id);
        Assert.Equal("flag ? x : Tanh(x)", d.Span);
    }

    [Fact]
    public void Call_without_rule_on_gradient_carrier_is_AGR003()
    {
        var d = Assert.Single(Diagnose("public static Tensor Helper(Tensor x) => x;\n[Differentiable] public static Tensor F(Tensor x) { return Tanh(Helper(x)); }"));
        Assert.Equal("AGR003", d.Id);
        Assert.Equal("Helper(x)", d.Span);
        Assert.Contains("'Model.Helper' has no derivative rule", d.Message);
        Assert.Contains("'x' carries gradient", d.Message);
    }

    [Fact]
    public void Writing_into_a_container_tensor_is_AGR004()
    {
        var d = Assert.Single(Diagnose(
            "[Parameters] public sealed partial class W { public Tensor A = null!; }\n" +
            "[Differentiable] public static Tensor F(W p, Tensor x) { p.A = Tanh(x); return x; }"));
        Assert.Equal("AGR004", d.Id);
        Assert.Equal("p.A = Tanh(x)", d.Span);
    }

    [Fact]
    public void Recursion_is_AGR005()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x) { return F(Tanh(x)); }"));
        Assert.Equal("AGR005", d.Id);
        Assert.Equal("F(Tanh(x))", d.Span);
    }

    [Fact]
    public void Instance_method_is_AGR006_at_its_name()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public Tensor F(Tensor x) => Tanh(x);", "public partial"));
        Assert.Equal("AGR006", d.Id);
        Assert.Equal("F", d.Span);
    }

    [Fact]
    public void Non_partial_type_is_AGR007_at_the_type_name()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x) => Tanh(x);", "public static"));
        Assert.Equal("AGR007", d.Id);
        Assert.Equal("Model", d.Span);
    }

    [Fact]
    public void Rule_with_the_wrong_signature_is_AGR008_stating_the_expected_one()
    {
        var d = Assert.Single(Diagnose(
            "[DerivativeRule(nameof(CubeBackward))] public static Tensor Cube(Tensor x) => x * x * x;\n" +
            "public static void CubeBackward(Tensor x, Tensor dy, Tensor? dx) { }\n" +
            "[Differentiable] public static Tensor F(Tensor x) => Cube(x);"));
        Assert.Equal("AGR008", d.Id);
        Assert.Equal("Cube(x)", d.Span);
        Assert.Contains("static void CubeBackward(AutoGradRnn.Tensor x, AutoGradRnn.Tensor y, AutoGradRnn.Tensor dy, Tensor? dx)", d.Message);
    }

    [Fact]
    public void Argument_that_cannot_affect_the_result_is_warning_AGR009()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x, Tensor unused) => Tanh(x);"));
        Assert.Equal("AGR009", d.Id);
        Assert.Equal("Tensor unused", d.Span);
    }

    [Fact]
    public void Missing_rule_method_is_AGR011()
    {
        var d = Assert.Single(Diagnose(
            "[DerivativeRule(\"NoSuchRule\")] public static Tensor Cube(Tensor x) => x * x * x;\n" +
            "[Differentiable] public static Tensor F(Tensor x) => Cube(x);"));
        Assert.Equal("AGR011", d.Id);
        Assert.Contains("'NoSuchRule'", d.Message);
    }

    [Fact]
    public void Unsupported_parameter_type_is_AGR012_at_the_parameter()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x, string name) => Tanh(x);"));
        Assert.Equal("AGR012", d.Id);
        Assert.Equal("string name", d.Span);
    }

    [Fact]
    public void Every_descriptor_has_a_help_page()
    {
        string root = RepositoryRoot.Path;
        foreach (var id in Enumerable.Range(1, 12).Select(i => $"AGR{i:000}"))
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
    }
}
