namespace AutoGradRnn.Tests.CodeFixes;

/// <summary>"Eject the backward" applied in a workspace: the method becomes a primitive whose rule runs the ejected
/// forward and backward; its callers' generated code calls that rule; the ejected handle still checks the ejected code
/// against the method; and an edit of the ejected backward is what every gradient then uses.</summary>
public class EjectBackwardTests
{
    private const string Net = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class Net
        {
            [Differentiable]
            public static Tensor Cell(Tensor x, Tensor h, Tensor w, Tensor u, Tensor b, double scale) =>
                Tanh(Scale(MatVec(w, x) + MatVec(u, h) + b, scale));

            [Differentiable]
            public static double Loss(Tensor x, Tensor h, Tensor w, Tensor u, Tensor b, double scale, int steps, int target)
            {
                for (int t = 0; t < steps; t++) h = Cell(x, h, w, u, b, scale);
                return CrossEntropy(h, target);
            }
        }
        """;

    internal static async Task<string[]> EjectAsync(string marker, params string[] sources)
    {
        using var workspace = new CodeFixWorkspace(sources);
        var eject = Assert.Single(await workspace.RefactoringsAsync(0, marker));
        await workspace.ApplyAsync(eject);
        return workspace.Sources();
    }

    [Fact]
    public async Task The_method_becomes_a_primitive_whose_rule_runs_the_ejected_backward()
    {
        string text = (await EjectAsync("Cell(Tensor x", Net))[0];

        Assert.Contains("    [DerivativeRule(nameof(CellRule))]\n    public static Tensor Cell(", text);
        Assert.Contains("    public static void CellRule(Tensor x, Tensor h, Tensor w, Tensor u, Tensor b, double scale, Tensor y, Tensor dy, Tensor? dx, Tensor? dh, Tensor? dw, Tensor? du, Tensor? db, ref double dscale)\n    {\n"
            + "        var tape = new CellTape();\n        CellForward(x, h, w, u, b, scale, tape);\n        CellBackward(tape, dy, dx, dh, dw, du, db, ref dscale);\n    }", text);
        foreach (var member in new[] { "public sealed class CellTape", "public static global::AutoGradRnn.Tensor CellForward(", "public static void CellBackward(CellTape tape,", "CellWithGradient(", "CellFunction(" })
            Assert.Contains(member, text);
        Assert.DoesNotContain("GeneratedCode", text);
        Assert.Contains("[Differentiable]\n    public static double Loss(", text);

        using var subject = CodeFixWorkspace.Compile([text]);
        Assert.DoesNotContain(subject.Run.Generated, g => g.HintName.Contains("Net.Cell", StringComparison.Ordinal));
        string loss = subject.Generated("Net.Loss.g.cs");
        Assert.Contains("global::Demo.Net.CellRule(", loss);
        Assert.DoesNotContain("CellBackward(", loss);

        var cell = CheckCell(subject);
        Assert.True(cell.Passed, cell.Report());
        var rng = new Rng(6);
        var whole = subject.Handle("Demo.Net", "LossFunction", N(rng, 3), N(rng, 4), N(rng, 4, 3), N(rng, 4, 4), N(rng, 4), 0.8, 3, 1);
        var result = GradientChecker.Check(whole, GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.True(result.Passed, result.Report());
    }

    [Fact]
    public async Task An_edit_of_the_ejected_backward_reaches_the_callers_and_the_checker_catches_a_wrong_one()
    {
        string text = (await EjectAsync("[Differentiable]\n    public static Tensor Cell", Net))[0];
        // A planted error: one more unit in the gradient of x's first entry, at every use of the rule.
        const string Head = "CellBackward(CellTape tape, global::AutoGradRnn.Tensor? dResult, global::AutoGradRnn.Tensor? dx";
        int at = text.IndexOf(Head, StringComparison.Ordinal);
        Assert.True(at >= 0, text);
        int body = text.IndexOf('{', at) + 1;
        string planted = text.Insert(body, "\n        if (dx is not null) dx.SetAt(0, dx.GetAt(0) + 1);");

        using var subject = CodeFixWorkspace.Compile([planted]);
        var cell = CheckCell(subject);
        Assert.False(cell.Passed);
        Assert.Contains(cell.Tensors, t => t.Name == "x" && !t.Passed);
        var rng = new Rng(6);
        var whole = subject.Handle("Demo.Net", "LossFunction", N(rng, 3), N(rng, 4), N(rng, 4, 3), N(rng, 4, 4), N(rng, 4), 0.8, 3, 1);
        var result = GradientChecker.Check(whole, GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.False(result.Passed);
        Assert.Contains(result.Tensors, t => t.Name == "x" && !t.Passed);
        Assert.All(result.Tensors.Where(t => t.Name != "x"), t => Assert.True(t.Passed, result.Report()));
    }

    [Fact]
    public async Task Not_offered_inside_the_body_nor_on_a_tuple_result_nor_on_a_rejected_method()
    {
        using var workspace = new CodeFixWorkspace(Net + """

            public static partial class Other
            {
                [Differentiable]
                public static (Tensor A, Tensor B) Pair(Tensor x) => (Tanh(x), x * x);

                [Differentiable]
                public static Tensor Rejected(Tensor x)
                {
                    while (x.Length > 0) { }
                    return x;
                }
            }
            """);
        Assert.Empty(await workspace.RefactoringsAsync(0, "MatVec(w, x)"));
        Assert.Empty(await workspace.RefactoringsAsync(0, "Pair(Tensor x)"));
        Assert.Empty(await workspace.RefactoringsAsync(0, "Rejected(Tensor x)"));
        Assert.Single(await workspace.RefactoringsAsync(0, "Loss(Tensor x"));
    }

    private static GradientCheckResult CheckCell(CompiledSubject subject)
    {
        var rng = new Rng(5);
        var handle = subject.Handle("Demo.Net", "CellFunction", N(rng, 3), N(rng, 4), N(rng, 4, 3), N(rng, 4, 4), N(rng, 4), 0.8, N(rng, 4));
        return GradientChecker.Check(handle, GradientCheckOptions.Default with { CheckEveryEntry = true });
    }

    private static Tensor N(Rng rng, params int[] dims) => Init.Normal(rng, DType.Float64, 0, 0.7, dims);
}
