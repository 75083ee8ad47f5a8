using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every primitive of the runtime (and the user-defined example) with inputs away from its kinks, for the
/// rule and agreement tests. A new primitive adds its cases here.</summary>
public static class RuleCases
{
    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 1, dims);

    private static Tensor U(Rng r, double lo, double hi, params int[] dims) => Init.Uniform(r, DType.Float64, lo, hi, dims);

    /// <summary>Values bounded away from zero (for relu's kink and for divisors): |x| in [0.3, 1.5].</summary>
    private static Tensor AwayFromZero(Rng r, params int[] dims)
    {
        var t = U(r, 0.3, 1.5, dims);
        for (int i = 0; i < t.Length; i++) if (r.NextDouble() < 0.5) t.SetAt(i, -t.GetAt(i));
        return t;
    }

    private static Tensor T(object o) => (Tensor)o;

    private static double D(object o) => (double)o;

    /// <summary>A scalar argument carried as a rank-0 tensor, so the checker can perturb it.</summary>
    private static double S(Tensor t) => t.GetAt(0);

    private static void AddTo(Tensor? grad, double value)
    {
        if (grad is not null) grad.SetAt(0, grad.GetAt(0) + value);
    }

    private static RuleCase Unary(string name, Func<Tensor, Tensor> f, Action<Tensor, Tensor, Tensor, Tensor?> rule, Func<Rng, Tensor> input) =>
        new(name, r => new[] { input(r) }, x => f(x[0]), (x, y, dy, d) => rule(x[0], T(y), T(dy), d[0]));

    private static RuleCase Binary(string name, Func<Tensor, Tensor, Tensor> f, Action<Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor?> rule, Func<Rng, Tensor> a, Func<Rng, Tensor> b) =>
        new(name, r => new[] { a(r), b(r) }, x => f(x[0], x[1]), (x, y, dy, d) => rule(x[0], x[1], T(y), T(dy), d[0], d[1]));

    public static IEnumerable<RuleCase> All()
    {
        yield return Binary("Add", Add, AddBackward, r => N(r, 3, 4), r => N(r, 3, 4));
        yield return Binary("Add bias over rows", Add, AddBackward, r => N(r, 3, 4), r => N(r, 4));
        yield return Binary("Add vector plus rows", Add, AddBackward, r => N(r, 4), r => N(r, 2, 3, 4));
        yield return Binary("Subtract", Subtract, SubtractBackward, r => N(r, 5), r => N(r, 5));
        yield return Binary("Subtract bias over rows", Subtract, SubtractBackward, r => N(r, 3, 4), r => N(r, 4));
        yield return Binary("Multiply", Multiply, MultiplyBackward, r => N(r, 2, 3), r => N(r, 2, 3));
        yield return Binary("Multiply vector over rows", Multiply, MultiplyBackward, r => N(r, 3), r => N(r, 4, 3));
        yield return Binary("Divide", Divide, DivideBackward, r => N(r, 6), r => AwayFromZero(r, 6));
        yield return Binary("Divide by row vector", Divide, DivideBackward, r => N(r, 2, 3), r => AwayFromZero(r, 3));
        yield return Unary("Negate", Negate, NegateBackward, r => N(r, 4));
        yield return new RuleCase("Scale", r => new[] { N(r, 2, 3), N(r) },
            x => Scale(x[0], S(x[1])),
            (x, y, dy, d) => { double ds = 0; ScaleBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref ds); AddTo(d[1], ds); });
        yield return new RuleCase("ScalarMinus", r => new[] { N(r), N(r, 5) },
            x => ScalarMinus(S(x[0]), x[1]),
            (x, y, dy, d) => { double ds = 0; ScalarMinusBackward(S(x[0]), x[1], T(y), T(dy), ref ds, d[1]); AddTo(d[0], ds); });
        yield return new RuleCase("operator s*x", r => new[] { N(r), N(r, 5) },
            x => S(x[0]) * x[1],
            (x, y, dy, d) => { double ds = 0; Tensor.ScaleLeftBackward(S(x[0]), x[1], T(y), T(dy), ref ds, d[1]); AddTo(d[0], ds); });
        yield return Unary("OneMinus", OneMinus, OneMinusBackward, r => N(r, 7));
        yield return Binary("MatVec", MatVec, MatVecBackward, r => N(r, 4, 3), r => N(r, 3));
        yield return Binary("MatVec over batch rows", MatVec, MatVecBackward, r => N(r, 4, 3), r => N(r, 5, 3));
        yield return Binary("MatMul", MatMul, MatMulBackward, r => N(r, 3, 4), r => N(r, 4, 2));
        yield return Binary("MatMulTransposeB", MatMulTransposeB, MatMulTransposeBBackward, r => N(r, 3, 4), r => N(r, 2, 4));
        yield return Binary("MatMulTransposeA", MatMulTransposeA, MatMulTransposeABackward, r => N(r, 4, 3), r => N(r, 4, 2));
        yield return Binary("Outer", Outer, OuterBackward, r => N(r, 3), r => N(r, 4));
        yield return Binary("Concat vectors", Concat, ConcatBackward, r => N(r, 3), r => N(r, 2));
        yield return Binary("Concat batch rows", Concat, ConcatBackward, r => N(r, 4, 3), r => N(r, 4, 2));
        yield return new RuleCase("Slice gate 2 of 4", r => new[] { N(r, 8) }, x => Slice(x[0], 2, 4), (x, y, dy, d) => SliceBackward(x[0], 2, 4, T(y), T(dy), d[0]));
        yield return new RuleCase("Slice gate of batch rows", r => new[] { N(r, 3, 12) }, x => Slice(x[0], 3, 4), (x, y, dy, d) => SliceBackward(x[0], 3, 4, T(y), T(dy), d[0]));
        yield return new RuleCase("SliceRange", r => new[] { N(r, 2, 7) }, x => SliceRange(x[0], 2, 4), (x, y, dy, d) => SliceRangeBackward(x[0], 2, 4, T(y), T(dy), d[0]));
        yield return Unary("Tanh", Tanh, TanhBackward, r => N(r, 3, 5));
        yield return Unary("Sigmoid", Sigmoid, SigmoidBackward, r => N(r, 3, 5));
        yield return Unary("Relu", Relu, ReluBackward, r => AwayFromZero(r, 3, 5));
        yield return Unary("Exp", Exp, ExpBackward, r => N(r, 6));
        yield return Unary("Log", Log, LogBackward, r => U(r, 0.2, 3, 6));
        yield return Unary("Square", Square, SquareBackward, r => N(r, 6));
        yield return Unary("Softmax", Softmax, SoftmaxBackward, r => N(r, 6));
        yield return Unary("Softmax over batch rows", Softmax, SoftmaxBackward, r => N(r, 3, 5));
        yield return Unary("LogSoftmax", LogSoftmax, LogSoftmaxBackward, r => N(r, 6));
        yield return Unary("LogSoftmax over batch rows", LogSoftmax, LogSoftmaxBackward, r => N(r, 3, 5));
        yield return new RuleCase("CrossEntropy", r => new[] { N(r, 7) }, x => CrossEntropy(x[0], 4), (x, y, dy, d) => CrossEntropyBackward(x[0], 4, D(y), D(dy), d[0]));
        yield return new RuleCase("CrossEntropy per batch row", r => new[] { N(r, 3, 7) }, x => CrossEntropy(x[0], new[] { 4, 0, 6 }),
            (x, y, dy, d) => CrossEntropyBackward(x[0], new[] { 4, 0, 6 }, D(y), D(dy), d[0]));
        yield return new RuleCase("Embedding", r => new[] { N(r, 5, 3) }, x => Embedding(x[0], 2), (x, y, dy, d) => EmbeddingBackward(x[0], 2, T(y), T(dy), d[0]));
        yield return new RuleCase("Embedding per batch row (repeated id)", r => new[] { N(r, 5, 3) }, x => Embedding(x[0], new[] { 1, 4, 1 }),
            (x, y, dy, d) => EmbeddingBackward(x[0], new[] { 1, 4, 1 }, T(y), T(dy), d[0]));
        yield return new RuleCase("Sum", r => new[] { N(r, 2, 3) }, x => Sum(x[0]), (x, y, dy, d) => SumBackward(x[0], D(y), D(dy), d[0]));
        yield return new RuleCase("Mean", r => new[] { N(r, 2, 3) }, x => Mean(x[0]), (x, y, dy, d) => MeanBackward(x[0], D(y), D(dy), d[0]));
        yield return new RuleCase("Dot", r => new[] { N(r, 4), N(r, 4) }, x => Dot(x[0], x[1]), (x, y, dy, d) => DotBackward(x[0], x[1], D(y), D(dy), d[0], d[1]));

        // A primitive defined outside the runtime (docs/adding-a-primitive.md); inputs wide enough to reach both tails.
        yield return Unary("Softplus (user-defined)", SoftplusExample.Softplus, SoftplusExample.SoftplusBackward, r => U(r, -6, 6, 3, 4));
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All()) data.Add(c.Name);
        return data;
    }

    public static RuleCase Named(string name) => All().Single(c => c.Name == name);
}
