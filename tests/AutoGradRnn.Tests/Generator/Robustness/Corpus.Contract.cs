namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// The generator's contract at its edges (issue 15), class by class: accepted code is run and checked against the
/// method itself (<see cref="CorpusCase.Accepted"/>), rejected code must get its id at the exact span
/// (<see cref="CorpusCase.Rejected"/>).
/// </summary>
public static partial class Corpus
{
    private static IEnumerable<CorpusCase> Contract() =>
        NameHygiene().Concat(EvaluationOrder()).Concat(Mutation()).Concat(LoopHeaders()).Concat(ControlFlow()).Concat(Containers()).Concat(EmittedCode()).Concat(NeverCrash()).Concat(ShapeFormulas()).Concat(RightDiagnostics()).Concat(FloatArithmetic()).Concat(FileLocalTypes()).Concat(StaticStateAndEffects());

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


    /// <summary>Class 2: arguments are evaluated in source order, named ones included; sibling blocks keep their scopes.</summary>
    private static IEnumerable<CorpusCase> EvaluationOrder()
    {
        const string C = "contract: evaluation order";
        yield return CorpusCase.Body(C, "named arguments out of order", "int j = 0; var y = Callees.Pick(b: Slice(x, j++, 3), a: Slice(h, j++, 3)); return y * Slice(x, j, 3);").Accepted();
        yield return CorpusCase.Body(C, "named arguments in order", "int j = 0; var y = Callees.Pick(a: Slice(h, j++, 3), b: Slice(x, j++, 3)); return y * Slice(x, j, 3);").Accepted();
        yield return CorpusCase.Body(C, "named passive arguments out of order", "int j = 0; var y = Slice(count: 3, index: j++, x: Scale(x, j++)); return Scale(y, j);").Accepted();
        yield return CorpusCase.Body(C, "sibling blocks", "{ var y = Tanh(x); h = h * y; } { var y = Sigmoid(x); h = h + y; } return h;").Accepted();
        yield return CorpusCase.Body(C, "sibling blocks with passive locals", "{ int k = 2; h = Scale(h, k); } { int k = 3; h = Scale(h, k) * x; } return h;").Accepted();
        yield return CorpusCase.Body(C, "block local named like a later loop's local", "{ int m = 2; h = Scale(h, m); } for (int t = 0; t < n; t++) { int m = t + 1; h = Tanh(Scale(h, m) + x); } return h;").Accepted();
        yield return CorpusCase.Body(C, "sibling blocks with out and pattern variables", "{ int.TryParse(\"2\", out var v); h = Scale(h, v); } { if (n is int v && v > 0) h = Scale(h, v) * x; } return h;").Accepted();
        yield return CorpusCase.Body(C, "checked int", "int k = checked(n * 2); return Scale(x, k);").Accepted();
        yield return CorpusCase.Body(C, "checked double arithmetic", "double a = checked(s * s + 1); return Scale(x, a);").Accepted();
        yield return CorpusCase.Body(C, "checked tensor product", "var y = checked(x * h); return unchecked(y + Scale(h, s));").Accepted();
        yield return CorpusCase.Body(C, "checked block", "checked { h = h * x; } return Scale(h, s);").Accepted();
    }

    /// <summary>Class 3: a tensor or array written into after the tape kept it: the generated forward hands the
    /// primitive a copy, which the tape keeps.</summary>
    private static IEnumerable<CorpusCase> Mutation()
    {
        const string C = "contract: mutation";
        yield return CorpusCase.Body(C, "one-hot buffer refilled", "var oh = Tensor.Zeros(DType.Float64, 3); var acc = Scale(x, 0); for (int t = 0; t < 3; t++) { oh.Zero(); oh.SetAt(t, 1); acc = acc + oh * Tanh(x * h); } return acc;").Accepted();
        yield return CorpusCase.Body(C, "ids refilled with Array.Copy", "var e = new int[] { 0 }; var acc = Scale(h, 0); for (int t = 0; t < 3; t++) { Array.Copy(ids, t, e, 0, 1); acc = acc + Tanh(MatVec(w, x) + Embedding(w, e)); } return acc;").Accepted();
        yield return CorpusCase.Body(C, "ids refilled by element", "var e = new int[1]; var acc = Scale(h, 0); for (int t = 0; t < 3; t++) { e[0] = ids[t]; acc = acc + Embedding(w, e) * x; } return acc;").Rejected("AGR001", "e[0] = ids[t]");
        yield return CorpusCase.Body(C, "mask filled after use", "var mask = Tensor.Zeros(DType.Float64, 3); mask.Fill(1); var y = x * mask; mask.Fill(0); return y * h;").Accepted();
        yield return CorpusCase.Body(C, "mask written by a helper after use", "var mask = Tensor.Zeros(DType.Float64, 3); mask.Fill(2); var y = Tanh(x * mask); Helpers.Fill(mask, 5); return y * mask;").Accepted();
        yield return CorpusCase.Body(C, "tensor written by indexer after use", "var m = Tensor.Zeros(DType.Float64, 3); m[1] = 2; var y = x * m; m[1] = 7; return y + m;").Rejected("AGR004", "m[1] = 7");
        yield return CorpusCase.Body(C, "writing into a carrier", "x.Fill(1); return Tanh(x);").Rejected("AGR004", "x.Fill(1)");
    }

    /// <summary>Class 5: code after the return is AGR001; a tensor that is null when a loop assigning it starts is AGR002.</summary>
    private static IEnumerable<CorpusCase> ControlFlow()
    {
        const string C = "contract: control flow";
        yield return CorpusCase.Body(C, "second return", "return Tanh(x); return h;").Rejected("AGR001", "return h;");
        yield return CorpusCase.Body(C, "assignment after return", "return Tanh(x); x = h;").Rejected("AGR001", "x = h;");
        yield return CorpusCase.Body(C, "return in a block then more", "{ return Tanh(x); } h = x;").Rejected("AGR001", "h = x;");
        yield return CorpusCase.Body(C, "empty statements after return", "return Tanh(x); ; ;").Accepted();
        yield return CorpusCase.Body(C, "null tensor assigned in a loop", "Tensor y = null!; for (int t = 0; t < n; t++) y = Tanh(x + h); return y;").Rejected("AGR002", "null!");
        yield return CorpusCase.Body(C, "default tensor assigned in a loop", "Tensor y = default!; for (int t = 0; t < n; t++) y = Tanh(x + y); return y;").Rejected("AGR002", "default!");
        yield return CorpusCase.Body(C, "tensor assigned before the loop", "Tensor y = h; for (int t = 0; t < n; t++) y = Tanh(x + y); return y;").Accepted();
    }

    /// <summary>Class 6: a container's parameters are its public Tensor fields and settable properties, inherited ones
    /// included; reading any other Tensor member (a computed get-only property) is AGR002.</summary>
    private static IEnumerable<CorpusCase> Containers()
    {
        const string C = "contract: containers";
        const string Base = "namespace Corpus;\npublic class BaseWeights { public Tensor A = null!; }\n[Parameters] public sealed partial class W : BaseWeights\n{\n    public Tensor B = null!;\n    public Tensor Sum => A + B;\n    public Tensor C { get; set; } = null!;\n}\n";
        yield return CorpusCase.File(C, "inherited field", Base + "public static partial class Net { [Differentiable] public static Tensor G(W p, Tensor x) => Tanh(MatVec(p.A, x) + p.B) * p.C; }\n").Accepted();
        yield return CorpusCase.File(C, "computed get-only property", Base + "public static partial class Net { [Differentiable] public static Tensor G(W p, Tensor x) => Tanh(p.Sum * x); }\n").Rejected("AGR002", "p.Sum");
        yield return CorpusCase.File(C, "inherited readonly field", "namespace Corpus;\npublic class BaseWeights { public readonly Tensor A = null!; }\n[Parameters] public sealed partial class W : BaseWeights { public Tensor B = null!; }\n").Rejected("AGR019", "W");
    }

    /// <summary>Class 7: usings of block namespaces (aliases too), escaped identifiers, a multi-line formula.</summary>
    private static IEnumerable<CorpusCase> EmittedCode()
    {
        const string C = "contract: emitted code";
        yield return CorpusCase.File(C, "usings in a block namespace with alias", "namespace Corpus.Block\n{\n    using Sb = System.Text.StringBuilder;\n    using static System.Math;\n    public static partial class Net\n    {\n        [Differentiable] public static Tensor G(Tensor x, int n) { var sb = new Sb(); int m = Max(n, 2); return Scale(Sigmoid(x), m + sb.Length); }\n    }\n}\n").Accepted();
        yield return CorpusCase.File(C, "alias relative to the namespace", "namespace Corpus.Outer\n{\n    public static class Knobs { public const int Two = 2; public static int Three() => 3; }\n    namespace Inner\n    {\n        using K = Knobs;\n        public static partial class Net\n        {\n            [Differentiable] public static Tensor G(Tensor x) { int m = K.Three(); return Scale(x, m); }\n        }\n    }\n}\n").Accepted();
        yield return CorpusCase.File(C, "alias of the tensor type in a block namespace", "namespace Corpus.Aliased\n{\n    using T = AutoGradRnn.Tensor;\n    public static partial class Net\n    {\n        [Differentiable] public static T G(T x) { T y = Tanh(x); return y * x; }\n    }\n}\n").Accepted();
        yield return CorpusCase.File(C, "escaped identifiers", "namespace Corpus.@internal;\npublic static partial class @event\n{\n    [Differentiable] public static Tensor @in(Tensor @in, Tensor @out, double @double) { var @var = Tanh(@in) * @out; return Scale(@var, @double); }\n}\n").Accepted();
        yield return CorpusCase.File(C, "rule on an instance primitive", "namespace Corpus;\npublic sealed class Doubler\n{\n    [DerivativeRule(nameof(TwiceBackward))]\n    public Tensor Twice(Tensor x) => Scale(x, 2);\n    public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));\n}\npublic static partial class Net { [Differentiable] public static Tensor G(Tensor x) => new Doubler().Twice(Tanh(x)); }\n")
            .Rejected("AGR002", "new Doubler().Twice(Tanh(x))");
        yield return CorpusCase.Members(C, "multi-line verbatim formula", "    [DerivativeRule(nameof(TwiceBackward), Formula = @\"dx += 2 dy\n    (twice)\")]\n    public static Tensor Twice(Tensor x) => Scale(x, 2);\n    public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));\n    [Differentiable] public static Tensor G(Tensor x) => Twice(Tanh(x));").Accepted();
    }

    /// <summary>Class 8: hint names unique ignoring case, and free of '@'.</summary>
    private static IEnumerable<CorpusCase> NeverCrash()
    {
        const string C = "contract: never crash";
        yield return CorpusCase.Members(C, "F and f", "    [Differentiable] public static Tensor F(Tensor x) => Tanh(x);\n    [Differentiable] public static Tensor f(Tensor x) => Sigmoid(x);").Accepted();
        yield return CorpusCase.File(C, "container W beside method W.Parameters", "namespace Corpus;\n[Parameters] public sealed partial class W\n{\n    public Tensor A = null!;\n    [Differentiable] public static Tensor Parameters(Tensor x) => Tanh(x);\n}\n").Accepted();
        yield return CorpusCase.File(C, "types A and a", "namespace Corpus;\npublic static partial class A { [Differentiable] public static Tensor G(Tensor x) => Tanh(x); }\npublic static partial class a { [Differentiable] public static Tensor G(Tensor x) => Sigmoid(x); }\n").Accepted();
        yield return CorpusCase.File(C, "namespace with an escaped keyword", "namespace Corpus.@class.@internal;\npublic static partial class Net { [Differentiable] public static Tensor G(Tensor x) => Tanh(x); }\n").Accepted();
    }

    /// <summary>Class 8: a Shape formula is validated (AGR022 where the primitive is called).</summary>
    private static IEnumerable<CorpusCase> ShapeFormulas()
    {
        const string C = "contract: shape formulas";
        const string Rule = "    public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));\n";
        yield return CorpusCase.MembersAndBody(C, "unbalanced bracket", "    [DerivativeRule(nameof(TwiceBackward), Shape = \"x[\")]\n    public static Tensor Twice(Tensor x) => Scale(x, 2);\n" + Rule,
            "return Twice(Tanh(x));").Rejected("AGR022", "Twice(Tanh(x))");
        yield return CorpusCase.MembersAndBody(C, "unknown name", "    [DerivativeRule(nameof(TwiceBackward), Shape = \"z\")]\n    public static Tensor Twice(Tensor x) => Scale(x, 2);\n" + Rule,
            "return Twice(Tanh(x));").Rejected("AGR022", "Twice(Tanh(x))");
        yield return CorpusCase.MembersAndBody(C, "valid formula", "    [DerivativeRule(nameof(TwiceBackward), Shape = \"x[..-1], x[-1]\")]\n    public static Tensor Twice(Tensor x) => Scale(x, 2);\n" + Rule,
            "return Twice(Tanh(x));").Accepted();
    }

    /// <summary>Class 9: typed and mixed deconstruction, loop bounds from shapes.</summary>
    private static IEnumerable<CorpusCase> RightDiagnostics()
    {
        const string C = "contract: diagnostics";
        yield return CorpusCase.Body(C, "typed deconstruction", "(Tensor y, double l) = Callees.Both(x, w); return Scale(y, l);").Accepted();
        yield return CorpusCase.Body(C, "discard deconstruction", "(_, var l) = Callees.Both(x, w); return Scale(x, l);").Accepted();
        yield return CorpusCase.Body(C, "mixed deconstruction into an existing local", "Tensor y; (y, var l) = Callees.Both(x, w); return Scale(y, l) * h;").Accepted();
        yield return CorpusCase.Body(C, "deconstruction into an int", "(Tensor y, int l) = (x, n); return y;").Rejected("AGR002", "int l");
        yield return CorpusCase.Body(C, "loop bound from a shape of a carrier", "for (int t = 0; t < x.Shape[0]; t++) h = Tanh(h + x); return h;").Accepted();
        yield return CorpusCase.Body(C, "loop bound from a length of a carrier", "for (int t = 0; t < h.Length - 1; t++) h = Tanh(h + x); return h;").Accepted();
    }
}
