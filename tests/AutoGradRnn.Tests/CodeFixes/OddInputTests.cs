namespace AutoGradRnn.Tests.CodeFixes;

/// <summary>Legal but unusual code around the fixes (nested types, block, file-scoped and global namespaces, aliases,
/// a file with nullable off, CRLF line breaks, names that clash with the ones a fix writes, one-line classes, generic
/// types, metadata callees): a fix either yields code that compiles with the generator, with no warning but the stub's
/// #warning, or is not offered. Never a broken document.</summary>
public class OddInputTests
{
    // ---- Eject the backward ----

    [Fact]
    public async Task Eject_in_nested_types_of_a_block_namespace_with_crlf_line_breaks()
    {
        string source = """
            using AutoGradRnn;

            namespace A.B
            {
                public static partial class Outer
                {
                    public partial struct Inner
                    {
                        [Differentiable]
                        public static Tensor F(Tensor x, double s) => Ops.Scale(Ops.Tanh(x), s);
                    }
                }
            }
            """.ReplaceLineEndings("\r\n");
        string text = (await EjectBackwardTests.EjectAsync("F(Tensor x", source))[0];

        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.Contains("\r\n            public static void FRule(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)\r\n", text);
        AssertChecks(text, "A.B.Outer+Inner", "FFunction");
    }

    [Fact]
    public async Task Eject_in_the_global_namespace_through_aliases_with_nullable_off_and_clashing_names()
    {
        string source = """
            #nullable disable
            using AutoGradRnn;
            using T = AutoGradRnn.Tensor;
            using D = AutoGradRnn.DifferentiableAttribute;

            public static partial class Top
            {
                [D]
                public static T F(T x, T y, T dy, T tape) => Ops.Tanh(x) * y + dy * tape;

                // Nullable stays off after the ejected block: no warning here.
                public static string After() { string s = null; return s; }
            }
            """;
        string text = (await EjectBackwardTests.EjectAsync("[D]", source))[0];

        Assert.Contains("[DerivativeRule(nameof(FRule))]", text);
        Assert.Contains("public static void FRule(T x, T y, T dy, T tape, T y_2, T dy_2, T? dx, T? dy_3, T? ddy, T? dtape)", text);
        Assert.Contains("        var tape_2 = new FTape();\n        FForward(x, y, dy, tape, tape_2);\n        FBackward(tape_2, dy_2, dx, dy_3, ddy, dtape);", text);
        Assert.Contains("#nullable enable\n", text);
        Assert.Equal(2, text.Split("#nullable disable\n").Length - 1);
        AssertChecks(text, "Top", "FFunction");
    }

    [Fact]
    public async Task Eject_of_a_double_result_with_usings_inside_the_namespace_keeps_a_multi_line_string_as_it_was()
    {
        string source = """
            namespace Fs
            {
                using AutoGradRnn;
                using static AutoGradRnn.Ops;

                public static partial class Energies
                {
                    [Differentiable]
                    public static double Energy(Tensor x, double s)
                    {
                        int n = @"one
                      two".Length;
                        return Sum(x * x) * s + n;
                    }
                }
            }
            """;
        var sources = await EjectBackwardTests.EjectAsync("Energy(", source);
        string text = sources[0];

        Assert.Contains("public static void EnergyRule(Tensor x, double s, double y, double dy, Tensor? dx, ref double ds)", text);
        // The method and the ejected forward both hold the string, whose second line keeps its 10 spaces.
        var lines = System.Text.RegularExpressions.Regex.Matches(text, "\n( *)two\"");
        Assert.True(lines.Count >= 2, text);
        Assert.All(lines, m => Assert.Equal(10, m.Groups[1].Length));
        AssertChecks(text, "Fs.Energies", "EnergyFunction");
    }

    [Fact]
    public async Task Eject_in_a_generic_type_with_a_caller_compiles_and_checks()
    {
        string source = """
            using AutoGradRnn;
            using static AutoGradRnn.Ops;

            namespace G;

            public static partial class Box<TItem>
            {
                [Differentiable]
                public static Tensor F(Tensor x) => Tanh(x) * x;

                [Differentiable]
                public static Tensor Twice(Tensor x) => F(F(x));
            }
            """;
        using var workspace = new CodeFixWorkspace(source);
        await workspace.ApplyAsync(Assert.Single(await workspace.RefactoringsAsync(0, "F(Tensor x)")));
        string text = workspace.Sources()[0];
        AssertChecks(text, "G.Box`1", "FFunction");
        AssertChecks(text, "G.Box`1", "TwiceFunction");
    }

    // ---- Add a custom derivative rule (AGR003) ----

    [Fact]
    public async Task Rule_stub_in_another_file_of_nested_types_without_usings()
    {
        string caller = """
            using AutoGradRnn;
            using Helpers;

            namespace App
            {
                public static partial class Model
                {
                    [Differentiable]
                    public static Tensor F(Tensor x) => Lib.Inner.Soft(x);
                }
            }
            """;
        string library = """
            namespace Helpers
            {
                public static class Lib
                {
                    public static class Inner
                    {
                        public static AutoGradRnn.Tensor Soft(AutoGradRnn.Tensor x) => x;
                    }
                }
            }
            """;
        var sources = await AddDerivativeRuleFixTests.FixFirstAsync(caller, library);

        Assert.Equal(caller, sources[0]);
        Assert.Contains("            [AutoGradRnn.DerivativeRule(nameof(SoftBackward))]\n            public static AutoGradRnn.Tensor Soft(", sources[1]);
        Assert.Contains("public static void SoftBackward(AutoGradRnn.Tensor x, AutoGradRnn.Tensor y, AutoGradRnn.Tensor dy, AutoGradRnn.Tensor? dx)", sources[1]);
        AssertStubBuildsAndThrows(sources, "App.Model", "FFunction");
    }

    [Fact]
    public async Task Rule_stub_in_a_file_with_nullable_off_with_clashing_and_keyword_names()
    {
        string source = """
            #nullable disable
            using AutoGradRnn;

            namespace N;

            public static partial class Model
            {
                private static Tensor Soft(Tensor y, double dy, int @class) => Ops.Scale(y, dy * @class);

                [Differentiable]
                public static Tensor F(Tensor x, double s) => Soft(x, s, 2);
            }
            """;
        var sources = await AddDerivativeRuleFixTests.FixFirstAsync(source);

        Assert.Contains("    private static void SoftBackward(Tensor y, double dy, int @class, Tensor y_2, Tensor dy_2, Tensor dy_3, ref double ddy)", sources[0]);
        AssertStubBuildsAndThrows(sources, "N.Model", "FFunction");
    }

    [Fact]
    public async Task Rule_stub_in_a_one_line_class()
    {
        string source = "using AutoGradRnn; namespace One; public static partial class C { static Tensor Soft(Tensor x) => x; [Differentiable] public static Tensor F(Tensor x) => Soft(x); }";
        var sources = await AddDerivativeRuleFixTests.FixFirstAsync(source);

        Assert.Contains("{ [DerivativeRule(nameof(SoftBackward))] static Tensor Soft(Tensor x) => x; \n\n/// <summary>", sources[0]);
        AssertStubBuildsAndThrows(sources, "One.C", "FFunction");
    }

    [Fact]
    public async Task No_rule_stub_for_a_generic_type_a_container_argument_or_a_method_in_metadata()
    {
        string source = """
            using AutoGradRnn;
            using static AutoGradRnn.Ops;

            namespace Z;

            public static class Generic<TItem>
            {
                public static Tensor Soft(Tensor x) => x;
            }

            [Parameters]
            public partial class W
            {
                public Tensor A = null!;
            }

            public static partial class Model
            {
                public static Tensor Apply(W p, Tensor x) => p.A * x;

                [Differentiable]
                public static double F(Tensor x, W p, double s) => Sum(Generic<int>.Soft(x)) + Sum(Apply(p, x)) + System.Math.Sin(s);
            }
            """;
        using var workspace = new CodeFixWorkspace(source);
        var diagnostics = await workspace.Agr003Async();
        Assert.Equal(3, diagnostics.Count);
        foreach (var d in diagnostics) Assert.Empty(await workspace.FixesAsync(d));
    }

    // ---- helpers ----

    /// <summary>Compiles <paramref name="text"/> with the generator (no diagnostic, no warning) and passes the gradient
    /// check of the handle <paramref name="type"/>.<paramref name="handle"/> on random vectors.</summary>
    private static void AssertChecks(string text, string type, string handle)
    {
        using var subject = CodeFixWorkspace.Compile([text]);
        var result = subject.CheckEvery(type, handle);
        Assert.True(result.Passed, result.Report() + "\n" + text);
    }

    /// <summary>The fixed sources build with the stub's #warning as their only warning, and the handle throws NotImplementedException.</summary>
    private static void AssertStubBuildsAndThrows(string[] sources, string type, string handle)
    {
        using var subject = CodeFixWorkspace.Compile(sources, "CS1030");
        Assert.All(subject.Run.CompilationProblems, d => Assert.Equal("CS1030", d.Id));
        Assert.NotEmpty(subject.Run.CompilationProblems);
        Assert.Throws<NotImplementedException>(() => subject.CheckEvery(type, handle));
    }
}
