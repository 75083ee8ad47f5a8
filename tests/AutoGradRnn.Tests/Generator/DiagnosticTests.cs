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

    /// <summary>Issue 15: a static mutable field's value reached the result with its gradient silently lost.</summary>
    [Theory]
    [InlineData("public static double Rate = 0.5;", "Scale(x, Rate)", "Rate", "Model.Rate")]
    [InlineData("public static Tensor Cache = null!;", "x * Model.Cache", "Model.Cache", "Model.Cache")]
    [InlineData("public static int Steps = 2;", "Scale(x, Steps)", "Steps", "Model.Steps")]
    public void Static_mutable_field_read_is_AGR020_at_the_read(string field, string expression, string span, string name)
    {
        var d = Assert.Single(Diagnose(field + "\n[Differentiable] public static Tensor F(Tensor x) { return Tanh(" + expression + "); }"));
        Assert.Equal("AGR020", d.Id);
        Assert.Equal(span, d.Span);
        Assert.Equal("'" + name + "' is a static field that is neither const nor readonly; pass its value in as an argument, or make the field const or readonly", d.Message);
    }

    [Fact]
    public void Const_and_static_readonly_fields_are_read_like_constants()
    {
        Assert.Empty(Diagnose("public const double Rate = 0.5;\npublic static readonly int Steps = 2;\n[Differentiable] public static Tensor F(Tensor x) { return Scale(x, Rate * Steps); }"));
    }

    /// <summary>Issue 15 class 8: a primitive's Shape formula the generator could not read was ignored silently.</summary>
    [Theory]
    [InlineData("x[", "x[")]
    [InlineData("x, y[0]", "y[0]")]
    [InlineData("x[..-1], x[-1] +", "x[-1] +")]
    [InlineData("shape(x)", "shape(x)")]
    public void Invalid_shape_formula_is_AGR022_at_the_call(string formula, string item)
    {
        var d = Assert.Single(Diagnose("[DerivativeRule(nameof(TwiceBackward), Shape = \"" + formula + "\")] public static Tensor Twice(Tensor x) => Scale(x, 2);\n"
            + "public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }\n"
            + "[Differentiable] public static Tensor F(Tensor x) { return Twice(Tanh(x)); }"));
        Assert.Equal("AGR022", d.Id);
        Assert.Equal("Twice(Tanh(x))", d.Span);
        Assert.Equal("The Shape formula '" + formula + "' of primitive 'Model.Twice' is not valid at '" + item + "'; write a comma-separated list of x, x[i], x[..-1], int parameters and integers joined by + - * /, or broadcast(a, b), naming the primitive's parameters", d.Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("x[..-1], x[-1] * 2")]
    [InlineData("broadcast(x, x)")]
    [InlineData("x[0], x.Length - 1")]
    public void Valid_shape_formulas_are_accepted(string formula)
    {
        Assert.Empty(Diagnose("[DerivativeRule(nameof(TwiceBackward), Shape = \"" + formula + "\")] public static Tensor Twice(Tensor x) => Scale(x, 2);\n"
            + "public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }\n"
            + "[Differentiable] public static Tensor F(Tensor x) { return Twice(Tanh(x)); }"));
    }

    [Theory]
    [InlineData("\"input\"", "input")]
    [InlineData("nameof(x), \"dy\"", "dy")]
    [InlineData("\"dx\"", "dx")]
    public void RuleReads_naming_no_argument_or_result_is_AGR023_at_the_call(string reads, string unknown)
    {
        var d = Assert.Single(Diagnose("[DerivativeRule(nameof(TwiceBackward))] public static Tensor Twice(Tensor x) => Scale(x, 2);\n"
            + "[RuleReads(" + reads + ")] public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }\n"
            + "[Differentiable] public static Tensor F(Tensor x) { return Twice(Tanh(x)); }"));
        Assert.Equal("AGR023", d.Id);
        Assert.Equal("Twice(Tanh(x))", d.Span);
        Assert.Equal("[RuleReads] on rule 'Model.TwiceBackward' names '" + unknown + "', which is not one of the parameters standing for the primitive's arguments and result (x, y)", d.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nameof(y)")]
    [InlineData("nameof(x), nameof(y)")]
    public void RuleReads_naming_arguments_and_result_is_accepted(string reads)
    {
        Assert.Empty(Diagnose("[DerivativeRule(nameof(TwiceBackward))] public static Tensor Twice(Tensor x) => Scale(x, 2);\n"
            + "[RuleReads(" + reads + ")] public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }\n"
            + "[Differentiable] public static Tensor F(Tensor x) { return Twice(Tanh(x)); }"));
    }

    private const string Product = "[DerivativeRule(nameof(TimesBackward), TransposedProduct = \"DECLARED\")] public static Tensor Times(Tensor w, Tensor x, int n) => MatVec(w, x);\n"
        + "public static void TimesBackward(Tensor w, Tensor x, int n, Tensor y, Tensor dy, Tensor? dw, Tensor? dx) => MatVecBackward(w, x, y, dy, dw, dx);\n"
        + "[Differentiable] public static Tensor F(Tensor w, Tensor x) { return Times(w, Tanh(x), 1); }";

    [Theory]
    [InlineData("w", "it is not of the form 'w: a, b'")]
    [InlineData("w: dy", "it is not of the form 'w: a, b'")]
    [InlineData("w: dy, x, x", "it is not of the form 'w: a, b'")]
    [InlineData("weights: dy, x", "'weights' is not a Tensor parameter of the primitive")]
    [InlineData("n: dy, x", "'n' is not a Tensor parameter of the primitive")]
    [InlineData("w: dy, input", "factor 'input' is neither a Tensor parameter of the primitive nor the result's adjoint")]
    [InlineData("w: y, x", "factor 'y' is neither a Tensor parameter of the primitive nor the result's adjoint")]
    [InlineData("w: dy, n", "factor 'n' is neither a Tensor parameter of the primitive nor the result's adjoint")]
    [InlineData("w: w, x", "factor 'w' is the weight itself")]
    public void A_transposed_product_the_generator_cannot_read_is_AGR026_at_the_call(string declared, string wrong)
    {
        var d = Assert.Single(Diagnose(Product.Replace("DECLARED", declared, StringComparison.Ordinal)));
        Assert.Equal("AGR026", d.Id);
        Assert.Equal("Times(w, Tanh(x), 1)", d.Span);
        Assert.Equal("TransposedProduct '" + declared + "' of primitive 'Model.Times': " + wrong + "; expected 'w: a, b' with w a Tensor parameter of the primitive and a, b each a Tensor parameter other than w or the rule's result adjoint 'dy'", d.Message);
    }

    [Theory]
    [InlineData("w: dy, x")]
    [InlineData(" w :x,dy ")]
    [InlineData("x: dy, w")]
    [InlineData("")]
    public void Transposed_products_the_generator_can_read_are_accepted(string declared) =>
        Assert.Empty(Diagnose(Product.Replace("DECLARED", declared, StringComparison.Ordinal)));

    /// <summary>AGR001 names the construct with its article ("a assignment" was printed once).</summary>
    [Theory]
    [InlineData("int[] a", "a[0] = 3;", "cannot contain an assignment to a[0] (only locals")]
    [InlineData("bool flag", "while (flag) { }", "cannot contain a while or do loop;")]
    [InlineData("bool flag", "using (var s = new System.IO.MemoryStream()) { }", "cannot contain a using statement;")]
    [InlineData("bool flag", "try { } finally { }", "cannot contain a try statement;")]
    public void Unsupported_constructs_are_named_with_their_article(string parameter, string statement, string expected)
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static Tensor F(Tensor x, " + parameter + ") { " + statement + " return Tanh(x); }"));
        Assert.Equal("AGR001", d.Id);
        Assert.Contains(expected, d.Message);
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

    private const string CounterWritten =
        "The loop counter 't' is assigned inside the body of the loop; the backward pass replays the iterations the header counts, so only the loop's own incrementor may change it";

    [Fact]
    public void Loop_counter_written_in_the_body_is_AGR013_at_each_write()
    {
        var d = Diagnose("[Differentiable] public static double F(Tensor x, int n) { double loss = 0; for (int t = 0; t < n; t++) { t += 1; loss += Sum(x); t++; } return loss; }");
        Assert.Equal(2, d.Count);
        Assert.Equal(("AGR013", "t += 1", CounterWritten), d[0]);
        Assert.Equal(("AGR013", "t++", CounterWritten), d[1]);
    }

    [Fact]
    public void Loop_counter_assigned_or_decremented_in_the_body_is_AGR013()
    {
        var d = Diagnose("[Differentiable] public static double F(Tensor x, int n) { double loss = 0; for (int t = 0; t < n; t++) { --t; loss += Sum(x); t = t + 1; } return loss; }");
        Assert.Equal(new[] { ("AGR013", "--t", CounterWritten), ("AGR013", "t = t + 1", CounterWritten) }, d);
    }

    [Fact]
    public void Outer_counter_written_by_an_inner_loop_header_is_AGR013()
    {
        var d = Assert.Single(Diagnose(
            "[Differentiable] public static double F(Tensor x, int n) { double loss = 0; for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++, i++) { loss += Sum(x); } } return loss; }"));
        Assert.Equal("AGR013", d.Id);
        Assert.Equal("i++", d.Span);
        Assert.Contains("'i'", d.Message);
    }

    private static string HeaderReads(string name) =>
        $"The loop header reads '{name}', which carries gradient; a loop's bounds and condition must come from integers, arrays, flags or tensor shapes";

    [Fact]
    public void Loop_bound_computed_from_a_tensor_that_carries_gradient_is_AGR014()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static double F(Tensor x) { double loss = 0; for (int t = 0; t < Sum(x); t++) { loss += Sum(x); } return loss; }"));
        Assert.Equal(("AGR014", "x", HeaderReads("x")), d);
    }

    [Fact]
    public void Loop_condition_on_a_double_that_carries_gradient_is_AGR014()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static double F(Tensor x) { double loss = Sum(x); for (int t = 0; loss < 5; t++) { loss += Sum(x); } return loss; }"));
        Assert.Equal(("AGR014", "loss", HeaderReads("loss")), d);
    }

    [Fact]
    public void Loop_condition_on_a_carried_double_that_starts_from_a_literal_is_AGR014()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static double F(Tensor x) { double loss = 0; for (int t = 0; loss < 5; t++) { loss += Sum(x); } return loss; }"));
        Assert.Equal(("AGR014", "loss", HeaderReads("loss")), d);
    }

    [Fact]
    public void Loop_initializer_and_incrementor_reading_a_double_that_carries_gradient_are_AGR014()
    {
        var d = Diagnose("[Differentiable] public static double F(Tensor x, double scale) { double loss = Sum(x); for (int t = (int)scale; t < 3; t += (int)loss) { loss += Sum(x) * scale; } return loss; }");
        Assert.Equal(new[] { ("AGR014", "scale", HeaderReads("scale")), ("AGR014", "loss", HeaderReads("loss")) }, d);
    }

    [Fact]
    public void Loop_bounded_by_a_tensor_shape_or_length_is_accepted()
    {
        Assert.Empty(Diagnose(
            "[Differentiable] public static double F(Tensor x, Tensor h) { double loss = 0; for (int t = x.Shape[0] - 1; t >= 0 && t < x.Length && t < h.Shape.Last + x.Rank; t--) { h = Tanh(h); loss += Sum(h * x); } return loss; }"));
    }

    [Fact]
    public void Argument_that_starts_a_carried_value_overwritten_in_the_loop_is_not_AGR009()
    {
        Assert.Empty(Diagnose("[Differentiable] public static double F(Tensor x, Tensor h, int n) { for (int t = 0; t < n; t++) { h = Tanh(x); } return Sum(h); }"));
    }

    private static string Jump(string keyword) =>
        $"A {keyword} inside a loop or an if cannot be reversed; guard the rest of the body with an if instead, and return once, at the end of the method";

    [Fact]
    public void Break_continue_and_return_inside_a_loop_are_AGR015()
    {
        var d = Diagnose(
            "[Differentiable] public static double F(Tensor x, int n) { double loss = 0; for (int t = 0; t < n; t++) { if (t == 2) break; if (t == 1) { continue; } if (t == 3) return loss; loss += Sum(x); } return loss; }");
        Assert.Equal(new[] { ("AGR015", "break;", Jump("break")), ("AGR015", "continue;", Jump("continue")), ("AGR015", "return loss;", Jump("return")) }, d);
    }

    [Fact]
    public void Return_inside_an_if_is_AGR015()
    {
        var d = Diagnose("[Differentiable] public static Tensor F(Tensor x, bool flag) { if (flag) { return Tanh(x); } else { return x; } }");
        Assert.Equal(new[] { ("AGR015", "return Tanh(x);", Jump("return")), ("AGR015", "return x;", Jump("return")) }, d);
    }

    [Fact]
    public void While_do_and_foreach_are_still_AGR001()
    {
        var d = Diagnose(
            "[Differentiable] public static double F(Tensor x, int[] ids) { double loss = 0; while (loss < 1) { loss += 1; } do { loss += 1; } while (loss < 2); foreach (var i in ids) { loss += i; } return loss + Sum(x); }");
        Assert.Equal(3, d.Count);
        Assert.All(d, x => Assert.Equal("AGR001", x.Id));
        Assert.Equal("while (loss < 1) { loss += 1; }", d[0].Span);
        Assert.Contains("while or do loop", d[0].Message);
        Assert.Equal("do { loss += 1; } while (loss < 2);", d[1].Span);
        Assert.Contains("while or do loop", d[1].Message);
        Assert.Equal("foreach (var i in ids) { loss += i; }", d[2].Span);
        Assert.Contains("foreach loop", d[2].Message);
    }

    [Fact]
    public void For_loop_without_a_condition_is_AGR001()
    {
        var d = Assert.Single(Diagnose("[Differentiable] public static double F(Tensor x) { double loss = 0; for (;;) { loss += Sum(x); } }"));
        Assert.Equal("AGR001", d.Id);
        Assert.Equal("for (;;) { loss += Sum(x); }", d.Span);
        Assert.Contains("for loop without a condition", d.Message);
    }

    [Fact]
    public void Every_descriptor_has_a_help_page()
    {
        string root = RepositoryRoot.Path;
        string readme = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
        var ids = AllDescriptors().Select(d => d.Id).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"AGR{i:000}"), ids.OrderBy(i => i, StringComparer.Ordinal));
        foreach (var id in ids)
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
            Assert.Contains($"| {id} |", readme);
        }
    }

    /// <summary>Every descriptor the generator declares (DiagnosticDescriptors is internal: read by reflection).</summary>
    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(AutoGradRnn.Generator.DifferentiableGenerator).Assembly.GetType("AutoGradRnn.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
}
