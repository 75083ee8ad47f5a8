using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Tests.CodeFixes;

/// <summary>AGR003's fix, "Add a custom derivative rule", applied in a workspace: the stub builds (its #warning says
/// what is left), throws NotImplementedException when reached, and, once its body is written, passes the gradient check.</summary>
public class AddDerivativeRuleFixTests
{
    private const string Classifier = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class Classifier
        {
            public static Tensor Dense(Tensor w, Tensor b, Tensor x) => MatVec(w, x) + b;

            [Differentiable]
            public static double Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int target)
            {
                var hidden = Tanh(Dense(w1, b1, x));
                return CrossEntropy(Dense(w2, b2, hidden), target);
            }
        }
        """;

    /// <summary>Applies the one fix offered for the first AGR003 and returns the fixed sources.</summary>
    internal static async Task<string[]> FixFirstAsync(params string[] sources)
    {
        using var workspace = new CodeFixWorkspace(sources);
        var diagnostics = await workspace.Agr003Async();
        Assert.NotEmpty(diagnostics);
        var fix = Assert.Single(await workspace.FixesAsync(diagnostics[0]));
        await workspace.ApplyAsync(fix);
        return workspace.Sources();
    }

    [Fact]
    public async Task The_stub_has_the_signature_the_generator_expects_and_builds_with_a_warning_saying_what_is_left()
    {
        var fixedSources = await FixFirstAsync(Classifier);
        string text = fixedSources[0];

        Assert.Contains("    [DerivativeRule(nameof(DenseBackward))]\n    public static Tensor Dense(Tensor w, Tensor b, Tensor x) => MatVec(w, x) + b;", text);
        Assert.Contains("    public static void DenseBackward(Tensor w, Tensor b, Tensor x, Tensor y, Tensor dy, Tensor? dw, Tensor? db, Tensor? dx)\n    {\n#warning DenseBackward", text);
        Assert.Contains("throw new System.NotImplementedException(\"DenseBackward, the derivative rule of Classifier.Dense, is not written yet: accumulate (+=) into dw, db and dx the gradient that dy (the adjoint of y) gives them.\");", text);

        using var subject = CodeFixWorkspace.Compile(fixedSources, "CS1030");
        var warning = Assert.Single(subject.Run.CompilationProblems);
        Assert.Equal("CS1030", warning.Id);
        Assert.Contains("DenseBackward, the derivative rule of Classifier.Dense, is not written yet", warning.GetMessage());
        // Both calls now use the rule; the generated backward calls it.
        Assert.Equal(2, CountOf(subject.Generated("Classifier.Loss.g.cs"), "global::Demo.Classifier.DenseBackward("));

        var rng = new Rng(2);
        var handle = subject.Handle("Demo.Classifier", "LossFunction", N(rng, 4, 3), N(rng, 4), N(rng, 5, 4), N(rng, 5), N(rng, 3), 2);
        Assert.Throws<NotImplementedException>(() => GradientChecker.Check(handle));
    }

    [Fact]
    public async Task The_stub_filled_with_a_correct_rule_passes_the_gradient_check_and_a_wrong_one_fails_it()
    {
        string text = (await FixFirstAsync(Classifier))[0];
        string correct = Fill(text, "var matVec = MatVec(w, x);\n        MatVecBackward(w, x, matVec, dy, dw, dx);\n        Adjoints.Accumulate(db, dy);");
        string wrong = Fill(text, "var matVec = MatVec(w, x);\n        MatVecBackward(w, x, matVec, dy, dw, dx);");

        Assert.True(Check(correct).Passed, Check(correct).Report());
        Assert.False(Check(wrong).Passed);
    }

    private static GradientCheckResult Check(string source)
    {
        using var subject = CodeFixWorkspace.Compile([source]);
        var rng = new Rng(3);
        var handle = subject.Handle("Demo.Classifier", "LossFunction", N(rng, 4, 3), N(rng, 4), N(rng, 5, 4), N(rng, 5), N(rng, 3), 2);
        return GradientChecker.Check(handle, GradientCheckOptions.Default with { CheckEveryEntry = true });
    }

    /// <summary>The stub's body (its #warning and throw lines) replaced by <paramref name="body"/>.</summary>
    internal static string Fill(string text, string body)
    {
        var lines = text.Split('\n').ToList();
        int warning = lines.FindIndex(l => l.StartsWith("#warning ", StringComparison.Ordinal));
        Assert.True(warning >= 0 && lines[warning + 1].TrimStart().StartsWith("throw new ", StringComparison.Ordinal), text);
        lines.RemoveRange(warning, 2);
        lines.Insert(warning, "        " + body);
        return string.Join("\n", lines);
    }

    internal static Tensor N(Rng rng, params int[] dims) => Init.Normal(rng, DType.Float64, 0, 0.7, dims);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
