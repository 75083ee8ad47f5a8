namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// The generator's contract at its edges (issue 15), class by class: accepted code is run and checked against the
/// method itself (<see cref="CorpusCase.Accepted"/>), rejected code must get its id at the exact span
/// (<see cref="CorpusCase.Rejected"/>).
/// </summary>
public static partial class Corpus
{
    private static IEnumerable<CorpusCase> Contract() =>
        NameHygiene().Concat(LoopHeaders()).Concat(FloatArithmetic()).Concat(FileLocalTypes()).Concat(StaticStateAndEffects());

    /// <summary>Class 1: a generated local never captures or shadows a name the method's code uses (fields, methods,
    /// out and pattern variables named like the generated k, tape, sum, trips, …); nameof keeps the user's name.</summary>
    private static IEnumerable<CorpusCase> NameHygiene()
    {
        const string C = "contract: names";
        yield return CorpusCase.MembersAndBody(C, "field k read in a loop", "    static readonly int k = 2;",
            "for (int t = 0; t < n; t++) h = Tanh(Scale(h, k) + x); return h;").Accepted();
        yield return CorpusCase.MembersAndBody(C, "field k in a loop header", "    static readonly int k = 3;",
            "for (int t = 0; t < k; t++) h = Tanh(MatVec(w, h) + x); return h;").Accepted();
        yield return CorpusCase.MembersAndBody(C, "method k in a loop header", "    static int k(int a) => a + 1;",
            "for (int t = 0; t < k(n); t++) h = Tanh(h + x); return h;").Accepted();
        yield return CorpusCase.MembersAndBody(C, "field tape", "    static readonly double tape = 0.5;",
            "return Scale(x, tape) * h;").Accepted();
        yield return CorpusCase.MembersAndBody(C, "field sum beside a temporary sum", "    static readonly double sum = 1.5;",
            "return Scale(x + h, sum);").Accepted();
        yield return CorpusCase.MembersAndBody(C, "field trips and first in nested loops", "    static readonly int trips = 2, first = 1;",
            "for (int i = 0; i < trips; i++) for (int j = first; j < 3; j++) h = Tanh(MatVec(w, h) + Scale(x, first)); return h;").Accepted();
        yield return CorpusCase.MembersAndBody(C, "fields taken, unused, result, returned", "    static readonly bool taken = true;\n    static readonly int unused = 2, result = 3;\n    static readonly double returned = 0.25;",
            "if (taken) h = Tanh(h) * x; else h = x; return Scale(h, unused + result + returned);").Accepted();
        yield return CorpusCase.MembersAndBody(C, "field named like an adjoint", "    static readonly double dx = 2, dh = 3;",
            "var y = Tanh(x * h); return Scale(y, dx) + Scale(h, dh);").Accepted();
        yield return CorpusCase.Body(C, "out var named k before a loop",
            "int.TryParse(\"3\", out var k); for (int t = 0; t < k; t++) h = Tanh(h + x); return h;").Accepted();
        yield return CorpusCase.Body(C, "pattern variable named k before a loop",
            "if (n is int k && k > 0) h = Tanh(Scale(h, k)); for (int t = 0; t < n; t++) h = Tanh(h + x); return h;").Accepted();
        yield return CorpusCase.Body(C, "pattern variable named tape",
            "object o = n; int m = o is int tape ? tape : 0; return Scale(x, m) * h;").Accepted();
        yield return CorpusCase.Body(C, "out var in a loop body named trips",
            "for (int t = 0; t < n; t++) { int.TryParse(\"2\", out var trips); h = Tanh(Scale(h, trips) + x); } return h;").Accepted();
        yield return CorpusCase.Body(C, "nameof a reassigned local",
            "var y = Tanh(x); y = y * h; string name = nameof(y); return Scale(y, name.Length);").Accepted();
        yield return CorpusCase.Body(C, "nameof a carried local in a loop",
            "var y = x; for (int t = 0; t < n; t++) { y = Tanh(y); int len = nameof(y).Length; y = Scale(y, len); } return y;").Accepted();
    }

    /// <summary>Class 4: a double or tensor assigned in a for loop's initializer or iterator is a value like any other,
    /// carried from one iteration to the next when the iterator updates it.</summary>
    private static IEnumerable<CorpusCase> LoopHeaders()
    {
        const string C = "contract: loop headers";
        yield return CorpusCase.Body(C, "discount updated by the iterator",
            "double discount = 1.0; var total = Scale(x, 0); for (int t = 0; t < n + 2; t++, discount *= 0.5) total = total + Scale(Tanh(x * h), discount); return total;").Accepted();
        yield return CorpusCase.Body(C, "scale set by the initializer",
            "int t; double scale; for (t = 0, scale = 3.0; t < 3; t++) h = Tanh(Scale(h, scale) + x); return Scale(h, scale);").Accepted();
        yield return CorpusCase.Body(C, "double declared in the initializer",
            "for (double d = s; d < 10; d = d * 2 + 1) h = Tanh(Scale(h, d) + x); return h;").Rejected("AGR014", "s");
        yield return CorpusCase.Body(C, "double counter declared in the header",
            "for (double d = 0.5; d < 2; d += 0.5) h = Tanh(Scale(h, d) + x); return h;").Accepted();
        yield return CorpusCase.Body(C, "iterator updating a carrier of gradient",
            "double decay = s; for (int t = 0; t < 3; t++, decay *= s) h = Tanh(Scale(h, decay) + x); return h;").Accepted();
        yield return CorpusCase.Body(C, "iterator updating a tensor",
            "var y = x; for (int t = 0; t < n + 1; t++, y = Tanh(y)) h = h + y; return h;").Accepted();
        yield return CorpusCase.Body(C, "initializer computing from a carrier",
            "double scale; int t; for (t = 0, scale = s * s; t < 2; t++, scale = scale + s) h = Tanh(Scale(h, scale) * x); return h;").Accepted();
    }

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
