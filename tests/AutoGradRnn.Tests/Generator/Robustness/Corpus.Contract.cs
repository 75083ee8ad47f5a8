namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// The generator's contract at its edges (issue 15), class by class: accepted code is run and checked against the
/// method itself (<see cref="CorpusCase.Accepted"/>), rejected code must get its id at the exact span
/// (<see cref="CorpusCase.Rejected"/>).
/// </summary>
public static partial class Corpus
{
    private static IEnumerable<CorpusCase> Contract() =>
        FloatArithmetic().Concat(FileLocalTypes());

    /// <summary>Class 7: float arguments and conversions. Scalar arithmetic runs in the operation's own type, as in the
    /// method; a rounding conversion to float of a value that carries gradient is AGR002.</summary>
    private static IEnumerable<CorpusCase> FloatArithmetic()
    {
        const string C = "contract: float";
        yield return CorpusCase.Body(C, "float arithmetic stays float", "f += 1; f *= f; float g = f * f - f / 3; return Scale(x, g);").Accepted();
        yield return CorpusCase.Body(C, "float and double mixed", "double d = f * s; return Scale(x, d + f);").Accepted();
        yield return CorpusCase.Body(C, "float negated", "float g = -f; return Scale(x, g) + Scale(h, -g * f);").Accepted();
        yield return CorpusCase.Body(C, "float carried by a loop", "float g = f; for (int t = 0; t < n; t++) g = g * 1.5f + f; return Scale(x, g);").Accepted();
        yield return CorpusCase.Body(C, "float merged by an if", "float g = f; if (flag) g = g * g; return Scale(x, g);").Accepted();
        yield return CorpusCase.Body(C, "double local from a float", "double d = f; for (int t = 0; t < n; t++) d = d * s; return Scale(x, d);").Accepted();
        yield return CorpusCase.Body(C, "cast of a double to float", "float g = (float)s; return Scale(x, g);").Rejected("AGR002", "(float)s");
        yield return CorpusCase.Body(C, "float compound with a double", "float g = f; g *= s; return Scale(x, g);").Rejected("AGR002", "g *= s");
    }

    /// <summary>Class 9: a file-local type cannot be extended from the generated file; AGR016 at the attribute.</summary>
    private static IEnumerable<CorpusCase> FileLocalTypes()
    {
        const string C = "contract: file-local";
        yield return CorpusCase.File(C, "method of a file class", "namespace Corpus;\nfile static partial class Net\n{\n    [Differentiable] public static Tensor G(Tensor x) => Tanh(x);\n}\n")
            .Rejected("AGR016", "Differentiable");
        yield return CorpusCase.File(C, "method of a class nested in a file class", "namespace Corpus;\nfile static partial class Net\n{\n    public static partial class Inner { [Differentiable] public static Tensor G(Tensor x) => Tanh(x); }\n}\n")
            .Rejected("AGR016", "Differentiable");
        yield return CorpusCase.File(C, "parameters on a file class", "namespace Corpus;\n[Parameters] file sealed partial class W { public Tensor A = null!; }\n")
            .Rejected("AGR016", "Parameters");
    }
}
