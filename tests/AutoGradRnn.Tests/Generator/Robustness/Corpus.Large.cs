using System.Text;

namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>Huge bodies and deep nesting.</summary>
public static partial class Corpus
{
    private static IEnumerable<CorpusCase> Large()
    {
        const string C = "large";
        yield return CorpusCase.Body(C, "3000 tensor statements", Repeat(3000, i => i % 2 == 0 ? "h = Tanh(h + x);" : "h = Sigmoid(h) * x;") + "\n        return h;") with { Runnable = false };
        yield return CorpusCase.Body(C, "3000 scalar statements", Repeat(3000, i => "s = s * 0.999 + 0.001;") + "\n        return Scale(x, s);") with { Runnable = false };
        yield return CorpusCase.Body(C, "5000 passive statements", Repeat(5000, i => $"int k{i} = n + {i};") + "\n        return Scale(x, k4999);") with { Runnable = false };
        yield return CorpusCase.Body(C, "1000 locals", Repeat(1000, i => $"var y{i} = Tanh({(i == 0 ? "x" : "y" + (i - 1))} + h);") + "\n        return y999;");
        yield return CorpusCase.Body(C, "loop with 500 statements", "for (int t = 0; t < n; t++)\n        {\n" + Repeat(500, i => "h = Tanh(h + x);") + "\n        }\n        return h;");
        yield return CorpusCase.Body(C, "300 loops in a row", Repeat(300, i => "for (int t = 0; t < n; t++) h = Tanh(h + x);") + "\n        return h;");
        yield return CorpusCase.Body(C, "300 ifs in a row", Repeat(300, i => $"if (n > {i % 5}) h = Tanh(h); else h = Sigmoid(h);") + "\n        return h;");
        yield return CorpusCase.Body(C, "sum of 2000 terms", "return " + string.Join(" + ", Enumerable.Repeat("x", 2000)) + ";");
        yield return CorpusCase.Body(C, "scalar sum of 2000 terms", "double d = " + string.Join(" + ", Enumerable.Repeat("s", 2000)) + ";\n        return Scale(x, d);");
        yield return CorpusCase.Body(C, "passive sum of 5000 terms", "int k = " + string.Join(" + ", Enumerable.Repeat("n", 5000)) + ";\n        return Scale(x, k);");
        yield return CorpusCase.Body(C, "200 nested calls", "return " + Nest(200, "Tanh(", "x", ")") + ";");
        yield return CorpusCase.Body(C, "2000 nested calls", "return " + Nest(2000, "Tanh(", "x", ")") + ";");
        yield return CorpusCase.Body(C, "500 nested parentheses", "return " + Nest(500, "(", "x", ")") + ";");
        yield return CorpusCase.Body(C, "100 nested ifs", Nest(100, "if (n > 0) { ", "h = Tanh(h);", " }") + "\n        return h;");
        yield return CorpusCase.Body(C, "40 nested for loops", Nest(40, "for (int i{0} = 0; i{0} < 1; i{0}++) { ", "h = Tanh(h + x);", " }", numbered: true) + "\n        return h;");
        yield return CorpusCase.Body(C, "loops nested 6 deep with ifs", Nest(6, "for (int i{0} = 0; i{0} < 2; i{0}++) { if (i{0} == 1) h = Tanh(h); ", "h = Sigmoid(h + x);", " }", numbered: true) + "\n        return h;");
        yield return CorpusCase.Body(C, "300 nested blocks", Nest(300, "{ ", "h = Tanh(h);", " }") + "\n        return h;");
        yield return CorpusCase.Body(C, "50 nested lambdas", "int k = " + Nest(50, "((Func<int, int>)(v{0} => ", "n", "))(1)", numbered: true) + ";\n        return Scale(x, k);");
        yield return CorpusCase.Body(C, "100 nested conditionals", "int k = " + Nest(100, "n > 0 ? ", "1", " : 0") + ";\n        return Scale(x, k);");
        yield return CorpusCase.Body(C, "100 nested switch expressions", "int k = " + Nest(100, "n switch { 0 => ", "1", ", _ => 2 }") + ";\n        return Scale(x, k);");
        yield return CorpusCase.Body(C, "1000 deconstructions", Repeat(1000, i => "(x, h) = (Tanh(h), x);") + "\n        return x * h;");
        yield return CorpusCase.Members(C, "200 methods", string.Join("\n", Enumerable.Range(0, 200).Select(i => $"[Differentiable] public static Tensor G{i}(Tensor x, Tensor h) {{ for (int t = 0; t < 2; t++) h = Tanh(h + x); return h; }}")));
        yield return CorpusCase.Members(C, "chain of 100 calling methods", string.Join("\n", Enumerable.Range(0, 100).Select(i => i == 0
            ? "[Differentiable] public static Tensor G0(Tensor x) => Tanh(x);"
            : $"[Differentiable] public static Tensor G{i}(Tensor x) => G{i - 1}(Sigmoid(x));")));
        yield return CorpusCase.Members(C, "100 parameters", "[Differentiable] public static Tensor G(" + string.Join(", ", Enumerable.Range(0, 100).Select(i => "Tensor x" + i)) + ") => "
            + string.Join(" + ", Enumerable.Range(0, 100).Select(i => "x" + i)) + ";");
        yield return CorpusCase.Members(C, "tuple of 30 outputs", "[Differentiable] public static (" + string.Join(", ", Enumerable.Range(0, 30).Select(i => "Tensor Y" + i)) + ") G(Tensor x) => ("
            + string.Join(", ", Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? "Tanh(x)" : "x")) + ");");
        yield return CorpusCase.File(C, "types nested 30 deep", "namespace Corpus;\n" + Nest(30, "public static partial class N{0} { ", "[Differentiable] public static Tensor G(Tensor x) => Tanh(x);", " }", numbered: true) + "\n");
    }

    private static string Repeat(int count, Func<int, string> statement)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.Append("        ").Append(statement(i)).Append('\n');
        return sb.ToString();
    }

    private static string Nest(int depth, string open, string inner, string close, bool numbered = false)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.Append(numbered ? open.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : open);
        sb.Append(inner);
        for (int i = 0; i < depth; i++) sb.Append(close);
        return sb.ToString();
    }
}
