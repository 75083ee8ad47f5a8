using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// The checker's reference is the user's own method: the generated handle's <c>Value()</c> calls the method as the C#
/// compiler compiled it, every check compares the generated forward's outputs with the method's, and double arguments
/// are perturbed and checked like tensors. A generated forward that is not the method, or a wrong gradient of a double,
/// fails the check.
/// </summary>
public class ReferenceCheckTests
{
    private const string Usings = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Planted;

        """;

    /// <summary>A primitive whose rule gets the gradient of its double wrong (2 Σ dy where Σ dy belongs).</summary>
    private const string WrongShift = """
        public static partial class Prims
        {
            [DerivativeRule(nameof(ShiftBackward))]
            public static Tensor Shift(Tensor x, double s) => x + Scale(Ones(x), s);

            public static Tensor Ones(Tensor x) { var t = Tensor.ZerosLike(x); t.Fill(1); return t; }

            public static void ShiftBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
            {
                Adjoints.Accumulate(dx, dy);
                ds += 2 * Sum(dy);
            }
        }

        """;

    private static string Subject(string body) => Usings + """
        public static partial class Subject
        {
            [Differentiable]
            public static Tensor M(Tensor x, Tensor h, double s)
            {
        """ + body + """

            }
        }
        """;

    /// <summary>The generator's output for <paramref name="generatedFrom"/>, compiled with <paramref name="compiledWith"/>
    /// in its place (the same signature), loaded, and its handle checked at fixed inputs.</summary>
    private static GradientCheckResult CheckHandle(string generatedFrom, string compiledWith, string extra = "") =>
        CheckHandle(generatedFrom, compiledWith, extra, subject =>
        {
            var rng = new Rng(5);
            Tensor N(params int[] dims) => Init.Normal(rng, DType.Float64, 0, 0.7, dims);
            return (IDifferentiableFunction)subject.GetMethod("MFunction")!.Invoke(null, [N(4), N(4), 0.3, N(4)])!;
        });

    private static GradientCheckResult CheckHandle(string generatedFrom, string compiledWith, string extra, Func<Type, IDifferentiableFunction> handle)
    {
        var run = GeneratorHarness.Run(generatedFrom + extra);
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.CompilationProblems);
        var generated = run.Generated.Select(g => g.Text).ToArray();
        var compilation = GeneratorHarness.Compile([compiledWith + extra, .. generated]);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("planted", isCollectible: true);
        try
        {
            var function = handle(context.LoadFromStream(stream).GetType("Planted.Subject")!);
            return GradientChecker.Check(function, GradientCheckOptions.Default with { CheckEveryEntry = true });
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_generated_forward_that_is_the_method_passes_bit_identical()
    {
        string source = Subject("return Tanh(Scale(x, s) * h) + x;");

        var result = CheckHandle(source, source);

        Assert.True(result.Passed, result.Report());
        Assert.Equal(["value", "Result"], result.Forward.Select(f => f.Output));
        Assert.All(result.Forward, f => Assert.Equal(0, f.AbsoluteError));
        Assert.Contains("forward           value, Result computed as the reference computes them (bit-identical)  ok", result.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_planted_forward_divergence_fails_the_check()
    {
        // The generated code is consistent with itself (its forward and backward agree), but it is not the method: the
        // finite differences of the method, and the comparison of outputs, both say so.
        var result = CheckHandle(Subject("return Tanh(Scale(x, s) * h) + x;"), Subject("return Tanh(Scale(x, s) * h) + Scale(x, 1.001);"));

        Assert.False(result.Passed);
        Assert.False(result.ForwardPassed);
        var output = Assert.Single(result.Forward, f => f.Output == "Result");
        Assert.False(output.Passed);
        Assert.InRange(output.AbsoluteError, 1e-4, 1e-2);
        Assert.False(result.Tensors.Single(t => t.Name == "x").Passed, result.Report());
        Assert.Contains("forward Result[", result.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public void Double_arguments_are_inputs_and_a_wrong_double_gradient_fails()
    {
        string source = Subject("return Tanh(Shift(x, s) * h);").Replace("using static AutoGradRnn.Ops;", "using static AutoGradRnn.Ops;\nusing static Planted.Prims;");

        var result = CheckHandle(source, source, WrongShift);

        Assert.False(result.Passed);
        Assert.True(result.ForwardPassed, result.Report());
        var s = result.Tensors.Single(t => t.Name == "s");
        Assert.Equal(0, s.Shape.Rank);
        Assert.False(s.Passed, result.Report());
        Assert.True(result.Tensors.Single(t => t.Name == "x").Passed, result.Report());
        Assert.Equal("s", result.WorstEntry!.Location);
    }

    [Fact]
    public void A_right_double_gradient_passes_and_is_checked()
    {
        string source = Subject("double t = s * s + 1; return Tanh(Scale(x, t) * h) + Scale(h, s);");

        var result = CheckHandle(source, source);

        Assert.True(result.Passed, result.Report());
        Assert.Equal(1, result.Tensors.Single(t => t.Name == "s").EntriesChecked);
    }

    /// <summary>Issue 15 class 6: an inherited Tensor field was read with the adjoint dp?.A, which ZerosLike left null,
    /// so its gradient was dropped without a sign.</summary>
    [Fact]
    public void An_inherited_container_field_is_a_parameter_with_its_gradient()
    {
        string source = Usings + """
            public class BaseWeights { public Tensor A = null!; }

            [Parameters]
            public sealed partial class W : BaseWeights { public Tensor B = null!; }

            public static partial class Subject
            {
                [Differentiable]
                public static Tensor M(W p, Tensor x) => Tanh(MatVec(p.A, x) + p.B);
            }
            """;

        var result = CheckHandle(source, source, "", subject =>
        {
            var rng = new Rng(9);
            Tensor N(params int[] dims) => Init.Normal(rng, DType.Float64, 0, 0.7, dims);
            var weights = Activator.CreateInstance(subject.Assembly.GetType("Planted.W")!)!;
            weights.GetType().GetField("A")!.SetValue(weights, N(3, 4));
            weights.GetType().GetField("B")!.SetValue(weights, N(3));
            return (IDifferentiableFunction)subject.GetMethod("MFunction")!.Invoke(null, [weights, N(4), N(3)])!;
        });

        Assert.True(result.Passed, result.Report());
        Assert.Equal(["p.A", "p.B", "x"], result.Tensors.Select(t => t.Name));
        Assert.True(result.Tensors[0].MaxAbsoluteError < 1e-8 && result.Tensors[0].EntriesChecked == 12, result.Report());
    }

    [Fact]
    public void A_hand_written_function_whose_value_differs_from_its_reference_fails()
    {
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        var function = new DifferentiableFunction(
            [new NamedTensor("x", x)],
            () => Ops.Dot(x, x),
            g =>
            {
                Adjoints.Accumulate(g[0], Ops.Scale(x, 2));
                return Ops.Dot(x, x) + 1e-9;
            });

        var result = GradientChecker.Check(function);

        Assert.False(result.Passed);
        Assert.True(result.Direction.Passed);
        var value = Assert.Single(result.Forward);
        Assert.Equal("value", value.Output);
        Assert.Contains("forward value  under test", result.Report(), StringComparison.Ordinal);
        Assert.True(GradientChecker.Check(function, GradientCheckOptions.Default with { ForwardTolerance = 1e-8 }).Passed);
    }
}
