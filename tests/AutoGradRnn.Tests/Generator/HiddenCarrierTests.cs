namespace AutoGradRnn.Tests.Generator;

/// <summary>Code shapes that once lost a gradient silently or made the generated file fail to compile: each is now
/// either correct generated code or a located diagnostic.</summary>
public class HiddenCarrierTests
{
    private const string Header = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static partial class Model\n{\n";

    private static (List<(string Id, string Span, string Message)> Diagnostics, GeneratorHarness Run) Generate(string members)
    {
        string source = Header + members + "\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        var diagnostics = run.GeneratorDiagnostics
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return (diagnostics, run);
    }

    private static (string Id, string Span, string Message) SingleError(string members)
    {
        var (diagnostics, run) = Generate(members);
        Assert.Empty(run.CompilationProblems);
        return Assert.Single(diagnostics);
    }

    [Fact]
    public void Tuple_local_holding_a_cell_state_is_AGR002_not_a_lost_gradient()
    {
        var d = SingleError(
            "[Differentiable] public static (Tensor H, Tensor C) Cell(Tensor x, Tensor c) => (Tanh(x), c * x);\n" +
            "[Differentiable] public static Tensor F(Tensor x, Tensor c) { var state = Cell(x, c); return Tanh(x); }");
        Assert.Equal("AGR002", d.Id);
        Assert.Equal("Cell(x, c)", d.Span);
        Assert.Contains("tuple local 'state'", d.Message);
    }

    [Fact]
    public void Tensor_array_local_filled_from_carriers_is_AGR002()
    {
        var d = SingleError("[Differentiable] public static Tensor F(Tensor x) { var parts = new[] { x, Tanh(x) }; return x; }");
        Assert.Equal("AGR002", d.Id);
        Assert.Contains("array local 'parts'", d.Message);
    }

    [Fact]
    public void Void_call_on_a_carrier_without_a_rule_is_AGR003()
    {
        var d = SingleError("public static void Log(double v) { }\n[Differentiable] public static Tensor F(Tensor x) { Log(Sum(x)); return Tanh(x); }");
        Assert.Equal("AGR003", d.Id);
        Assert.Equal("Log(Sum(x))", d.Span);
        Assert.Contains("'Sum(x)' carries gradient", d.Message);
    }

    /// <summary>Issue 15: printing a tensor was accepted silently; a call statement handed a carrier is AGR003, whatever it returns.</summary>
    [Theory]
    [InlineData("System.Console.WriteLine(x);", "Console.WriteLine", "x")]
    [InlineData("System.Console.WriteLine(Sum(x));", "Console.WriteLine", "Sum(x)")]
    [InlineData("System.Diagnostics.Debug.WriteLine($\"{x}\");", "Debug.WriteLine", "$\"{x}\"")]
    [InlineData("Count(x);", "Model.Count", "x")]
    public void A_call_statement_handed_a_carrier_is_AGR003(string statement, string callee, string carrier)
    {
        var d = SingleError("public static int Count(Tensor t) => t.Length;\n[Differentiable] public static Tensor F(Tensor x) { " + statement + " return Tanh(x); }");
        Assert.Equal("AGR003", d.Id);
        Assert.Equal(statement.TrimEnd(';'), d.Span);
        Assert.Contains("'" + callee + "' has no derivative rule, but its argument '" + carrier + "' carries gradient", d.Message);
    }

    [Fact]
    public void Printing_shapes_and_names_of_carriers_is_passive()
    {
        var (diagnostics, run) = Generate("[Differentiable] public static Tensor F(Tensor x) { System.Console.WriteLine(x.Length + nameof(x) + x.Shape.ToString()); return Tanh(x); }");
        Assert.Empty(diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("x.Zero();")]
    [InlineData("x.Fill(1.0);")]
    [InlineData("x.SetAt(0, 2.0);")]
    [InlineData("x.CopyFrom(Tanh(x));")]
    public void Mutating_a_tensor_that_carries_gradient_is_AGR004(string statement)
    {
        var d = SingleError("[Differentiable] public static Tensor F(Tensor x) { " + statement + " return Tanh(x); }");
        Assert.Equal("AGR004", d.Id);
        Assert.Equal(statement.TrimEnd(';'), d.Span);
    }

    [Fact]
    public void Method_on_the_receiver_without_a_rule_names_the_receiver()
    {
        var d = SingleError("[Differentiable] public static Tensor F(Tensor x) { var y = x.Clone(); return y; }");
        Assert.Equal("AGR003", d.Id);
        Assert.Contains("'x' carries gradient", d.Message);
    }

    [Fact]
    public void Float_return_is_AGR012()
    {
        var d = SingleError("[Differentiable] public static float F(Tensor x) => (float)Sum(x);");
        Assert.Equal("AGR012", d.Id);
        Assert.Contains("'float'", d.Message);
    }

    [Fact]
    public void Pragma_disables_the_unused_argument_warning()
    {
        var (diagnostics, _) = Generate("#pragma warning disable AGR009\n[Differentiable] public static Tensor F(Tensor x, Tensor unused) => Tanh(x);\n#pragma warning restore AGR009\n" +
            "[Differentiable] public static Tensor G(Tensor x, Tensor unused) => Tanh(x);");
        var d = Assert.Single(diagnostics);
        Assert.Equal("AGR009", d.Id);
        Assert.Equal("Tensor unused", d.Span);
        Assert.Contains("of 'G'", d.Message);
    }
}
