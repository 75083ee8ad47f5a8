using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>Half-typed code as the IDE hands it to the generator while the user types: a window loss cut after
/// every token (the file ends there), the same method with each token deleted in turn, and slips written by hand.</summary>
public static partial class Corpus
{
    /// <summary>The method being typed: a loop, an if inside it, a container, a tuple return.</summary>
    public const string TypedMethod = """
            [Differentiable]
            public static (double Loss, Tensor H) Window(Weights p, int[] inputs, int[] targets, Tensor h)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    var x = Embedding(p.W, inputs[t]);
                    h = Tanh(MatVec(p.W, x) + h);
                    if (t % 2 == 0) h = Sigmoid(h);
                    loss += CrossEntropy(MatVec(p.W, h) + p.B, targets[t]);
                }
                return (loss, h);
            }
        """;

    private const string TypedHead = CorpusCase.Usings + "namespace Corpus;\n\npublic static partial class Typing\n{\n";

    private static IEnumerable<CorpusCase> Typing()
    {
        var tokens = SyntaxFactory.ParseTokens(TypedMethod).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        int afterAttribute = tokens.FindIndex(t => t.IsKind(SyntaxKind.CloseBracketToken)) + 1;

        // Typed up to the end of each token; the rest of the file is not there yet.
        for (int i = afterAttribute; i < tokens.Count; i++)
        {
            string typed = TypedMethod.Substring(0, tokens[i].Span.End);
            yield return new CorpusCase("typing", $"prefix {i - afterAttribute + 1:D3} ending '{tokens[i].Text}'", TypedHead + typed);
        }

        // The whole file, but one token of the method is missing.
        for (int i = afterAttribute; i < tokens.Count; i++)
        {
            string text = TypedMethod.Remove(tokens[i].SpanStart, tokens[i].Span.Length);
            yield return new CorpusCase("typing", $"without token {i - afterAttribute + 1:D3} '{tokens[i].Text}'", TypedHead + text + "\n}\n");
        }

        const string C = "typing by hand";
        (string Name, string Body)[] slips =
        [
            ("missing semicolon", "var y = Tanh(x)\n        return y;"),
            ("missing semicolon at return", "return Tanh(x)"),
            ("missing closing paren", "var y = Tanh(MatVec(w, x);\n        return y;"),
            ("extra closing paren", "var y = Tanh(x));\n        return y;"),
            ("missing comma", "var y = MatVec(w x);\n        return y;"),
            ("trailing comma in call", "var y = MatVec(w, );\n        return y;"),
            ("incomplete initializer", "var y = ;\n        return x;"),
            ("incomplete binary", "var y = x + ;\n        return y;"),
            ("incomplete member access", "var y = x.;\n        return y;"),
            ("incomplete member access on static", "var y = Ops.;\n        return x;"),
            ("incomplete call", "var y = Tanh(;\n        return x;"),
            ("incomplete generic", "var y = Helpers.Identity<;\n        return x;"),
            ("incomplete lambda", "Func<int, int> g = a => ;\n        return x;"),
            ("incomplete if", "if (flag\n        return x;"),
            ("if without body", "if (flag)\n        return x;"),
            ("if without condition", "if () x = Tanh(x);\n        return x;"),
            ("else without if", "else x = Tanh(x);\n        return x;"),
            ("incomplete for header", "for (int t = 0; t < ; t++) h = Tanh(h);\n        return h;"),
            ("for header missing paren", "for (int t = 0; t < n; t++ { h = Tanh(h); }\n        return h;"),
            ("for without body", "for (int t = 0; t < n; t++)\n        return h;"),
            ("for with only int", "for (int\n        return h;"),
            ("incomplete return", "return"),
            ("return then garbage", "return x; }}}"),
            ("unbalanced open brace", "{ x = Tanh(x);\n        return x;"),
            ("unbalanced close brace", "x = Tanh(x); }\n        return x;"),
            ("stray operator", "var y = * x;\n        return y;"),
            ("stray keyword", "var y = Tanh(x); class\n        return y;"),
            ("half keyword", "retur Tanh(x);"),
            ("misspelled primitive", "var y = Tahn(x);\n        return y;"),
            ("misspelled local", "var y = Tanh(x);\n        return yy;"),
            ("misspelled parameter", "return Tanh(xx);"),
            ("assignment to nothing", "x = ;\n        return x;"),
            ("unterminated string", "string msg = \"abc;\n        return x;"),
            ("unterminated char", "char c = 'a;\n        return x;"),
            ("unterminated comment", "/* note\n        return x;"),
            ("unterminated interpolation", "string msg = $\"{x\";\n        return x;"),
            ("half deconstruction", "var (a, ) = (x, h);\n        return a;"),
            ("half tuple", "var (a, b) = (x, );\n        return a;"),
            ("declaration without name", "var = Tanh(x);\n        return x;"),
            ("type without local", "Tensor\n        return x;"),
            ("double dot", "var y = x..Length;\n        return x;"),
            ("conflict markers", "<<<<<<< HEAD\n        x = Tanh(x);\n=======\n        x = Sigmoid(x);\n>>>>>>> other\n        return x;"),
            ("nul character", "var y = Tanh(x);\0\n        return y;"),
            ("non-breaking spaces and bidi", "var\u00a0y = Tanh(x);\u202e\n        return y;"),
            ("lone surrogate in string", "string msg = \"\ud800\";\n        return x;"),
            ("very long identifier", "var " + new string('y', 2000) + " = Tanh(x);\n        return " + new string('y', 2000) + ";"),
        ];
        foreach (var (name, body) in slips) yield return CorpusCase.Body(C, name, "        " + body);

        (string Name, string Members)[] signatures =
        [
            ("attribute only", "[Differentiable]"),
            ("attribute and modifiers", "[Differentiable] public static"),
            ("attribute missing bracket", "[Differentiable public static Tensor G(Tensor x) => Tanh(x);"),
            ("method without parameter list end", "[Differentiable] public static Tensor G(Tensor x"),
            ("method without body", "[Differentiable] public static Tensor G(Tensor x)"),
            ("trailing comma in parameters", "[Differentiable] public static Tensor G(Tensor x, ) => Tanh(x);"),
            ("parameter without name", "[Differentiable] public static Tensor G(Tensor) => Tanh(x);"),
            ("parameter without type", "[Differentiable] public static Tensor G(x) => Tanh(x);"),
            ("misspelled parameter type", "[Differentiable] public static Tensor G(Tensr x) => Tanh(x);"),
            ("misspelled return type", "[Differentiable] public static Tensr G(Tensor x) => Tanh(x);"),
            ("missing return type", "[Differentiable] public static G(Tensor x) => Tanh(x);"),
            ("duplicate parameter", "[Differentiable] public static Tensor G(Tensor x, Tensor x) => Tanh(x);"),
            ("duplicate methods", "[Differentiable] public static Tensor G(Tensor x) => Tanh(x);\n[Differentiable] public static Tensor G(Tensor x) => Sigmoid(x);"),
            ("misspelled attribute", "[Diferentiable] public static Tensor G(Tensor x) => Tanh(x);\n[Differentiable] public static Tensor H(Tensor x) => Tanh(x);"),
            ("expression body without expression", "[Differentiable] public static Tensor G(Tensor x) =>"),
            ("expression body and block", "[Differentiable] public static Tensor G(Tensor x) => Tanh(x) { return x; }"),
            ("two bodies", "[Differentiable] public static Tensor G(Tensor x) { return x; } { return x; }"),
        ];
        foreach (var (name, members) in signatures) yield return CorpusCase.Members(C, name, members);
    }
}
