namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// The generator's contract at its edges (issue 15), class by class: accepted code is run and checked against the
/// method itself (<see cref="CorpusCase.Accepted"/>), rejected code must get its id at the exact span
/// (<see cref="CorpusCase.Rejected"/>).
/// </summary>
public static partial class Corpus
{
    private static IEnumerable<CorpusCase> Contract() =>
        FloatArithmetic().Concat(FileLocalTypes()).Concat(StaticStateAndEffects());

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

    /// <summary>Hidden list: a static mutable field read (AGR020 at the read) and a call statement handed a carrier
    /// (AGR003 at the call), whatever the field's type or the call's result.</summary>
    private static IEnumerable<CorpusCase> StaticStateAndEffects()
    {
        const string C = "contract: static state and effects";
        yield return CorpusCase.Body(C, "static double read", "return Scale(x, Helpers.Rate);").Rejected("AGR020", "Helpers.Rate");
        yield return CorpusCase.Body(C, "static tensor read", "var y = x * Helpers.Cache; return y;").Rejected("AGR020", "Helpers.Cache");
        yield return CorpusCase.Body(C, "static int read in a loop header", "for (int t = 0; t < Helpers.Counter; t++) h = Tanh(h); return h;").Rejected("AGR020", "Helpers.Counter");
        yield return CorpusCase.Body(C, "static int read in passive code", "int k = Helpers.Counter + 1; return Scale(x, k);").Rejected("AGR020", "Helpers.Counter");
        yield return CorpusCase.MembersAndBody(C, "own static field", "    static double scale = 2;", "return Scale(x, scale);").Rejected("AGR020", "scale");
        yield return CorpusCase.MembersAndBody(C, "const and static readonly are constants", "    const double Scale2 = 2;\n    static readonly int Times = 3;",
            "return Scale(x, Scale2 * Times);").Accepted();
        yield return CorpusCase.Body(C, "nameof a static field", "string name = nameof(Helpers.Rate); return Scale(x, name.Length);").Accepted();
        yield return CorpusCase.Body(C, "printing a tensor", "Console.WriteLine(x); return Tanh(x);").Rejected("AGR003", "Console.WriteLine(x)");
        yield return CorpusCase.Body(C, "printing a double", "Console.WriteLine(s * 2); return Scale(x, s);").Rejected("AGR003", "Console.WriteLine(s * 2)");
        yield return CorpusCase.Body(C, "printing an interpolated tensor", "Console.WriteLine($\"x = {x}\"); return Tanh(x);").Rejected("AGR003", "Console.WriteLine($\"x = {x}\")");
        yield return CorpusCase.Body(C, "int result of a call without rule unused", "Helpers.Count(x); return Tanh(x);").Rejected("AGR003", "Helpers.Count(x)");
        yield return CorpusCase.Body(C, "double result of a call without rule unused", "Helpers.Norm(h); return Tanh(x);").Rejected("AGR003", "Helpers.Norm(h)");
        yield return CorpusCase.Body(C, "printing a length", "Console.WriteLine(x.Length + n); return Tanh(x);").Accepted();
        yield return CorpusCase.Body(C, "printing a name", "Console.WriteLine(nameof(x)); return Tanh(x);").Accepted();
    }
}
