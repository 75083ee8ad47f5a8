using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Tests.Generator;

/// <summary>The generator bugs the robustness corpus (<see cref="Robustness.RobustnessTests"/>) found, one focused test
/// each: a crash, generated code that did not compile, a silently lost gradient or an attribute silently ignored.</summary>
public class RobustnessFixTests
{
    private const string Header = "using System;\nusing System.Collections.Generic;\nusing AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\n";

    private static (List<(string Id, string Span, string Message)> Diagnostics, GeneratorHarness Run) Generate(string file)
    {
        string source = Header + file;
        var run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "CS8784" or "AGR010");
        Assert.All(run.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        var diagnostics = run.GeneratorDiagnostics
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return (diagnostics, run);
    }

    private static string Class(string members) => "public static partial class Model\n{\n" + members + "\n}\n";

    /// <summary>The one diagnostic, with user and generated code compiling cleanly around it.</summary>
    private static (string Id, string Span, string Message) SingleError(string file)
    {
        var (diagnostics, run) = Generate(file);
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems));
        return Assert.Single(diagnostics);
    }

    private static GeneratorHarness Clean(string file)
    {
        var (diagnostics, run) = Generate(file);
        Assert.Empty(diagnostics);
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems));
        return run;
    }

    [Fact]
    public void Second_differentiable_overload_is_AGR017_instead_of_a_generator_crash()
    {
        var d = SingleError(Class(
            "[Differentiable] public static Tensor G(Tensor x) => Tanh(x);\n" +
            "[Differentiable] public static Tensor G(Tensor x, Tensor y) => Tanh(x) * y;"));
        Assert.Equal("AGR017", d.Id);
        Assert.Equal("G", d.Span);
        Assert.Equal("The code generated for 'G' needs the name 'GTape' in 'Model', but another [Differentiable] method named 'G' comes first; rename one of them", d.Message);
    }

    [Theory]
    [InlineData("public sealed class GTape { }", "GTape")]
    [InlineData("public static void GBackward() { }", "GBackward")]
    [InlineData("public static int GFunction => 0;", "GFunction")]
    public void Member_with_a_generated_name_is_AGR017(string member, string name)
    {
        var d = SingleError(Class("[Differentiable] public static Tensor G(Tensor x) => Tanh(x);\n" + member));
        Assert.Equal("AGR017", d.Id);
        Assert.Equal("G", d.Span);
        Assert.Contains("needs the name '" + name + "' in 'Model', but 'Model' already declares '" + name + "'", d.Message);
    }

    [Fact]
    public void Container_member_with_a_generated_name_is_AGR017()
    {
        var d = SingleError("[Parameters] public sealed partial class W { public Tensor ZeroAll = null!; }\n");
        Assert.Equal("AGR017", d.Id);
        Assert.Equal("W", d.Span);
        Assert.Contains("needs the name 'ZeroAll'", d.Message);
    }

    [Fact]
    public void Generic_types_of_different_arity_get_files_of_their_own()
    {
        var run = Clean(
            "public static partial class Box { [Differentiable] public static Tensor G(Tensor x) => -x; }\n" +
            "public static partial class Box<T> { [Differentiable] public static Tensor G(Tensor x) => Tanh(x); }\n" +
            "public static partial class Box<T, U> { [Differentiable] public static Tensor G(Tensor x) => Sigmoid(x); }\n");
        Assert.Equal(["Demo.Box.G.g.cs", "Demo.Box`1.G.g.cs", "Demo.Box`2.G.g.cs"], run.Generated.Select(g => g.HintName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("public static Tensor Outer(Tensor x) { [Differentiable] static Tensor Inner(Tensor y) => Tanh(y); return Inner(x); }", "a local function ('Inner')")]
    [InlineData("public static Tensor Outer(Tensor x) { var g = [Differentiable] (Tensor y) => Tanh(y); return g(x); }", "a lambda")]
    [InlineData("public static Tensor P { [Differentiable] get => Tensor.Zeros(DType.Float64, 1); }", "an accessor")]
    public void Differentiable_on_a_member_that_is_not_a_method_is_AGR016(string member, string what)
    {
        var d = SingleError(Class(member));
        Assert.Equal("AGR016", d.Id);
        Assert.Equal("Differentiable", d.Span);
        Assert.StartsWith("[Differentiable] cannot be applied to " + what + "; it applies to a static method with a body", d.Message);
    }

    [Theory]
    [InlineData("public sealed partial class V { public Tensor T = null!; [Differentiable] public static V operator +(V a, V b) => a; }", "an operator")]
    [InlineData("public readonly partial struct V { [Differentiable] public static implicit operator Tensor(V v) => null!; }", "a conversion operator")]
    [InlineData("public sealed partial class V { [Differentiable] ~V() { } }", "a finalizer")]
    public void Differentiable_on_an_operator_or_finalizer_is_AGR016(string type, string what)
    {
        var d = SingleError(type);
        Assert.Equal("AGR016", d.Id);
        Assert.Contains("cannot be applied to " + what, d.Message);
    }

    [Theory]
    [InlineData("[Parameters] public partial record W(Tensor A);", "a record ('W')")]
    [InlineData("[Parameters] public static partial class W { public static Tensor A = null!; }", "a static class ('W')")]
    [InlineData("[Parameters] public abstract partial class W { public Tensor A = null!; }", "an abstract class ('W')")]
    public void Parameters_on_anything_but_a_plain_class_is_AGR016(string type, string what)
    {
        var d = SingleError(type);
        Assert.Equal("AGR016", d.Id);
        Assert.Equal("Parameters", d.Span);
        Assert.Equal("[Parameters] cannot be applied to " + what + "; it applies to a partial class that is neither static nor abstract", d.Message);
    }

    [Fact]
    public void Partial_method_is_generated_from_its_implementation()
    {
        var run = Clean(Class(
            "[Differentiable] public static partial Tensor G(Tensor x, Tensor w);\n" +
            "public static partial Tensor G(Tensor x, Tensor w) { var y = MatVec(w, x); return Tanh(y); }"));
        var generated = Assert.Single(run.Generated, g => g.HintName == "Demo.Model.G.g.cs").Text;
        Assert.Contains("public static void GBackward(GTape tape,", generated);
        Assert.Contains("MatVecBackward(", generated);
    }

    [Theory]
    [InlineData("object o = x; var y = (Tensor)o;", "local 'o' of type 'object'")]
    [InlineData("var a = new { T = x }; var y = a.T;", "local 'a' of type '<anonymous type: Tensor T>'")]
    [InlineData("var list = new List<Tensor> { x }; var y = list[0];", "local 'list' of type 'List<Tensor>'")]
    [InlineData("Func<Tensor> g = () => x; var y = g();", "local 'g' of type 'Func<Tensor>'")]
    [InlineData("var y = h; if (x is Tensor t) y = t;", "local 't' of type 'Tensor'")]
    [InlineData("var box = new Dictionary<int, Tensor>(); box.TryAdd(0, x); var y = box[0];", "local 'box' of type 'Dictionary<int, Tensor>'")]
    public void Value_hidden_in_a_local_the_generator_does_not_follow_is_AGR002_not_a_lost_gradient(string statements, string what)
    {
        var d = SingleError(Class("[Differentiable] public static Tensor F(Tensor x, Tensor h) { " + statements + " return Tanh(y) * h; }"));
        Assert.Equal("AGR002", d.Id);
        Assert.True(d.Message.Contains(what + " holding a value that carries gradient", StringComparison.Ordinal), d.Message);
    }

    [Fact]
    public void Reading_shapes_and_lengths_of_carriers_into_passive_locals_is_still_accepted()
    {
        Clean(Class("[Differentiable] public static Tensor F(Tensor x) { var shape = x.Shape; int n = x.Length; string s = $\"{shape}\"; return Scale(x, n + s.Length); }"));
    }

    [Theory]
    [InlineData("unsafe { int k = 1; int* p = &k; }", "unsafe { int k = 1; int* p = &k; }", "an unsafe block")]
    [InlineData("int k = 1; int* p = &k;", "p = &k", "a pointer operation (unsafe code)")]
    public void Unsafe_code_is_AGR001_instead_of_code_without_an_unsafe_context(string statements, string span, string what)
    {
        string source = Header + Class("[Differentiable] public static unsafe Tensor F(Tensor x) { " + statements + " return Tanh(x); }");
        var compilation = GeneratorHarness.Compile(source).WithOptions(GeneratorHarness.Compile(source).Options.WithAllowUnsafe(true));
        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.CompilationProblems);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGR001", d.Id);
        Assert.Equal(span, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("cannot contain " + what, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[Differentiable] public static Tensor G(Tensor i, Tensor f, Tensor o) => i * f * Tanh(o);")]
    [InlineData("[Differentiable] public static Tensor G(Tensor @do, Tensor @if, Tensor @class) => @do * @if + @class;")]
    [InlineData("[Differentiable] public static Tensor G(Tensor result) => Tanh(result);")]
    [InlineData("[Differentiable] public static Tensor G(Tensor tape, Tensor dtape, Tensor d) => tape * dtape * d;")]
    [InlineData("[Parameters] public sealed partial class W { public Tensor A = null!; }\n[Differentiable] public static Tensor G(W @params, W dparams, Tensor x) => MatVec(@params.A, x) + MatVec(dparams.A, x);")]
    public void Parameter_names_that_collide_with_keywords_or_generated_names_compile(string members)
    {
        Clean(Class(members));
    }

    [Theory]
    [InlineData("[Differentiable] public static Tensor A<T>(Tensor x) => Tanh(x);", "A<int>(x)", "it is generic")]
    [InlineData("[Differentiable] public static Tensor A(Tensor x, string s) => Tanh(x);", "A(x, \"s\")", "parameter 's' has type 'string'")]
    public void Call_of_a_differentiable_method_the_generator_rejected_is_AGR018_at_the_call(string callee, string call, string why)
    {
        var (diagnostics, run) = Generate(Class(callee + "\n[Differentiable] public static Tensor B(Tensor x) => Tanh(" + call + ");"));
        Assert.Empty(run.CompilationProblems);
        var d = Assert.Single(diagnostics, d => d.Id == "AGR018");
        Assert.Equal(call, d.Span);
        Assert.Equal("'Model.A' is [Differentiable], but the generator rejected its declaration (" + why + "); fix that first", d.Message);
        Assert.Single(diagnostics, d => d.Id == "AGR012");
    }

    [Fact]
    public void Differentiable_method_of_a_referenced_assembly_can_be_called()
    {
        // The library is built with the generator, as a cell library would be, and referenced as metadata.
        var library = GeneratorHarness.Run(Header.Replace("namespace Demo;", "namespace Lib;") +
            "public static partial class Cells { [Differentiable] public static Tensor Elman(Tensor x, Tensor h, Tensor w) => Tanh(MatVec(w, x) + h); }\n");
        Assert.Empty(library.GeneratorDiagnostics);
        using var image = new MemoryStream();
        Assert.True(library.Output.WithAssemblyName("Lib").Emit(image).Success);
        var consumer = GeneratorHarness.Compile(Header + Class("[Differentiable] public static Tensor F(Tensor x, Tensor h, Tensor w) => Lib.Cells.Elman(x, Lib.Cells.Elman(x, h, w), w);"))
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        var run = GeneratorHarness.Run(consumer);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems));
        Assert.Contains("Lib.Cells.ElmanBackward(", Assert.Single(run.Generated).Text);
    }

    [Fact]
    public void Method_whose_body_is_rejected_leaves_placeholders_so_that_its_callers_compile()
    {
        var (diagnostics, run) = Generate(Class(
            "[Differentiable] public static Tensor A(Tensor x) { while (true) { } }\n" +
            "[Differentiable] public static Tensor B(Tensor x) => Tanh(A(x));\n" +
            "public static Tensor UseIt(Tensor x) => AWithGradient(x, x, null);"));
        Assert.True(run.CompilationProblems.Count == 0, string.Join("\n", run.CompilationProblems));
        var d = Assert.Single(diagnostics);
        Assert.Equal("AGR001", d.Id);
        var placeholder = Assert.Single(run.Generated, g => g.HintName == "Demo.Model.A.g.cs").Text;
        Assert.Contains("throw new global::System.InvalidOperationException(\"The AutoGradRnn generator rejected the body of A", placeholder);
        Assert.Contains("ABackward(", Assert.Single(run.Generated, g => g.HintName == "Demo.Model.B.g.cs").Text);
    }

    [Theory]
    [InlineData("ref Tensor r = ref x; r = Tanh(r); return x;", "r = ref x")]
    [InlineData("ref double r = ref s; r = r * 2; return Scale(x, s);", "r = ref s")]
    public void Ref_local_aliasing_a_differentiable_variable_is_AGR001_not_a_wrong_value(string body, string span)
    {
        var d = SingleError(Class("[Differentiable] public static Tensor G(Tensor x, double s) { " + body + " }"));
        Assert.Equal("AGR001", d.Id);
        Assert.Equal(span, d.Span);
        Assert.Contains("ref local 'r'", d.Message);
    }

    [Fact]
    public void Readonly_tensor_field_of_a_container_is_AGR019_at_the_field()
    {
        var d = SingleError("[Parameters] public sealed partial class W { public readonly Tensor A = null!; public Tensor B = null!; }\n");
        Assert.Equal("AGR019", d.Id);
        Assert.Equal("A", d.Span);
        Assert.Equal("'A' is a public Tensor field of [Parameters] class 'W', but it is readonly; make it a field that is not readonly, or a property with a set or init accessor", d.Message);
    }

    [Fact]
    public void Explicit_interface_implementation_is_AGR016()
    {
        var d = SingleError("public interface INet { static abstract Tensor G(Tensor x); }\npublic sealed partial class Net : INet { [Differentiable] static Tensor INet.G(Tensor x) => Tanh(x); }\n");
        Assert.Equal("AGR016", d.Id);
        Assert.Contains("cannot be applied to an explicit interface implementation", d.Message);
    }

    [Fact]
    public void Mutual_recursion_is_AGR005_at_both_calls_instead_of_tapes_that_hold_each_other()
    {
        var (diagnostics, run) = Generate(Class(
            "[Differentiable] public static Tensor A(Tensor x, int n) { if (n > 0) x = B(x, n - 1); return Tanh(x); }\n" +
            "[Differentiable] public static Tensor B(Tensor x, int n) { if (n > 0) x = A(x, n - 1); return Sigmoid(x); }"));
        Assert.Empty(run.CompilationProblems);
        Assert.Equal([("AGR005", "B(x, n - 1)"), ("AGR005", "A(x, n - 1)")], diagnostics.Select(d => (d.Id, d.Span)));
    }

    [Fact]
    public void Throw_expression_as_the_body_is_AGR002()
    {
        var d = SingleError(Class("[Differentiable] public static Tensor G(Tensor x) => throw new NotImplementedException();"));
        Assert.Equal("AGR002", d.Id);
        Assert.Equal("throw new NotImplementedException()", d.Span);
    }

    [Theory]
    [InlineData("const int K = 2; const double Half = 0.5; return Scale(x, K * Half);")]
    [InlineData("Tensor y = default!; y = Tanh(x); return y;")]
    [InlineData("#pragma warning disable CS0168\nint unused;\n#pragma warning restore CS0168\nreturn Tanh(x);")]
    public void Constants_and_unused_locals_copied_into_the_forward_leave_no_warning(string body)
    {
        Clean(Class("[Differentiable] public static Tensor G(Tensor x) {\n" + body + "\n}"));
    }

    [Fact]
    public void A_very_long_local_name_is_shortened_in_the_tape_so_that_the_assembly_emits()
    {
        string name = new string('y', 2000);
        var run = Clean(Class("[Differentiable] public static Tensor G(Tensor x) { var " + name + " = Tanh(x); return " + name + " * x; }"));
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }
}
