namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// Weight gradients collected for one product per loop ([DerivativeRule(TransposedProduct = …)]): a weight read by several
/// products in an iteration, before and after the loop, in a branch, in nested loops, as the second operand of a product,
/// a user's own primitive that declares its product, and weights the loop changes (which must not be collected). Every
/// case is run and its gradient checked against the method itself.
/// </summary>
public static partial class Corpus
{
    private const string P = "products";

    private const string Project = """
            [DerivativeRule(nameof(ProjectBackward), TransposedProduct = "w: dy, x")]
            public static Tensor Project(Tensor w, Tensor x) => MatVec(w, x);
            public static void ProjectBackward(Tensor w, Tensor x, Tensor y, Tensor dy, Tensor? dw, Tensor? dx) => MatVecBackward(w, x, y, dy, dw, dx);
        """;

    private static IEnumerable<CorpusCase> Products()
    {
        yield return CorpusCase.Body(P, "one weight read twice per iteration",
            "for (int t = 0; t < 3; t++) h = Tanh(MatVec(w, h) + MatVec(w, x) * s); return h;").Accepted();
        yield return CorpusCase.Body(P, "before, in and after the loop",
            "h = MatVec(w, h); for (int t = 0; t < n; t++) h = Tanh(MatVec(w, h) + x); return MatVec(w, h);").Accepted();
        yield return CorpusCase.Body(P, "in one branch of an if in the loop",
            "for (int t = 0; t < 4; t++) { if (t % 2 == 0) h = Tanh(MatVec(w, h)); else h = Sigmoid(h + x); } return h;").Accepted();
        yield return CorpusCase.Body(P, "nested loops",
            "for (int e = 0; e < 2; e++) { for (int t = 0; t < 2; t++) h = Tanh(MatVec(w, h) + x); h = h * 0.5; } return h;").Accepted();
        yield return CorpusCase.Body(P, "loop in an if",
            "if (flag) { for (int t = 0; t < 3; t++) h = Tanh(MatVec(w, h)); } return h + x;").Accepted();
        yield return CorpusCase.Body(P, "the weight as the product's second operand",
            "var m = Outer(x, h); for (int t = 0; t < 3; t++) m = Tanh(MatMul(m, w) + MatMulTransposeB(m, w)); return Sum(m) * x;").Accepted();
        yield return CorpusCase.Body(P, "the weight also the product's other operand",
            "for (int t = 0; t < 3; t++) h = Tanh(MatVec(w, h) + MatVec(w, w) * h); return h;").Accepted();
        yield return CorpusCase.Body(P, "the weight collected in a loop and read whole after it",
            "for (int t = 0; t < 3; t++) h = Tanh(MatVec(w, h)); return h * Sum(w * w);").Accepted();
        yield return CorpusCase.Body(P, "affine map in the loop",
            "for (int t = 0; t < 3; t++) h = Tanh(Affine(w, h, x)); return h;").Accepted();
        yield return CorpusCase.Body(P, "the weight changed before the loop",
            "w = w * 0.5; for (int t = 0; t < 3; t++) h = Tanh(MatVec(w, h)); return h;").Accepted();
        yield return CorpusCase.Body(P, "the weight changed in the loop",
            "for (int t = 0; t < 3; t++) { w = w * 0.9 + Outer(h, x) * 0.1; h = Tanh(MatVec(w, h)); } return h;").Accepted();
        yield return CorpusCase.Body(P, "a weight made from the input each iteration",
            "for (int t = 0; t < 3; t++) h = Tanh(MatVec(Outer(x, h), h) + MatVec(w, x)); return h;").Accepted();
        yield return CorpusCase.MembersAndBody(P, "a user's primitive declaring its product", Project,
            "for (int t = 0; t < 3; t++) h = Tanh(Project(w, h) + x); return Project(w, h);").Accepted();
        yield return CorpusCase.File(P, "a keyword-named member collected in a loop",
            "namespace Corpus;\n[Parameters] public sealed partial class W { public Tensor @in = null!; public Tensor @out = null!; }\n"
            + "public static partial class Net\n{\n    [Differentiable]\n    public static double Loss(W p, Tensor h)\n    {\n        double loss = 0;\n"
            + "        for (int t = 0; t < 3; t++) { h = Tanh(MatVec(p.@in, h)); loss += Sum(MatVec(p.@out, h)); }\n        return loss;\n    }\n}\n").Accepted();
        yield return CorpusCase.File(P, "a keyword-named parameter collected in a loop",
            "namespace Corpus;\npublic static partial class Net\n{\n    [Differentiable]\n    public static Tensor G(Tensor @checked, Tensor h)\n    {\n"
            + "        for (int t = 0; t < 3; t++) h = Tanh(MatVec(@checked, h));\n        return h;\n    }\n}\n").Accepted();
        yield return CorpusCase.File(P, "a cell whose keyword-named weight is collected over the window",
            "namespace Corpus;\npublic sealed partial class K : IRecurrentCell<K>\n{\n    [Parameters] public sealed partial class Weights { public Tensor @class = null!; public Tensor @base = null!; }\n"
            + "    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights { @class = size.Uniform(rng, dtype, size.Hidden, size.Input + size.Hidden), @base = size.Uniform(rng, dtype, size.Hidden) };\n"
            + "    [Differentiable] public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.@class, Concat(x, h)) + p.@base);\n}\n").Accepted();
        yield return CorpusCase.MembersAndBody(P, "a user's primitive with a product it cannot have",
            Project.Replace("w: dy, x", "w: dy, input", StringComparison.Ordinal),
            "for (int t = 0; t < 3; t++) h = Tanh(Project(w, h) + x); return h;").Rejected("AGR026", "Project(w, h)");
    }
}
