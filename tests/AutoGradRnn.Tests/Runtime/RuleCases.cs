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

    private delegate void ScalarRule(double x, double y, double dy, ref double dx);

    private static void AddTo(Tensor? grad, double value)
    {
        if (grad is not null) grad.SetAt(0, grad.GetAt(0) + value);
    }

    /// <summary>The integer arguments of the batch cases, made once so that running a case allocates nothing.</summary>
    private static readonly int[] BatchTargets = { 4, 0, 6 };

    private static readonly int[] RepeatedIds = { 1, 4, 1 };

    private static RuleCase Unary(string name, Func<Tensor, Tensor> f, Action<Tensor, Tensor, Tensor, Tensor?> rule, Func<Rng, Tensor> input,
        Func<Tensor, Tensor?, Tensor>? into = null) =>
        new(name, r => new[] { input(r) }, x => f(x[0]), (x, y, dy, d) => rule(x[0], T(y), T(dy), d[0]))
        {
            Rule = rule.Method,
            ForwardInto = into is null ? null : (x, o) => into(x[0], o),
        };

    private static RuleCase Binary(string name, Func<Tensor, Tensor, Tensor> f, Action<Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor?> rule, Func<Rng, Tensor> a, Func<Rng, Tensor> b,
        Func<Tensor, Tensor, Tensor?, Tensor>? into = null) =>
        new(name, r => new[] { a(r), b(r) }, x => f(x[0], x[1]), (x, y, dy, d) => rule(x[0], x[1], T(y), T(dy), d[0], d[1]))
        {
            Rule = rule.Method,
            ForwardInto = into is null ? null : (x, o) => into(x[0], x[1], o),
        };

    private static RuleCase Affine(string name, int[] x, int[] b) =>
        new(name, r => new[] { N(r, 4, 3), N(r, x), N(r, b) }, t => Ops.Affine(t[0], t[1], t[2]),
            (t, y, dy, d) => AffineBackward(t[0], t[1], t[2], T(y), T(dy), d[0], d[1], d[2]))
        {
            Rule = ((Action<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor?, Tensor?>)AffineBackward).Method,
            ForwardInto = (t, o) => Ops.Affine(t[0], t[1], t[2], o),
        };

    /// <summary>A primitive that returns a double.</summary>
    private static RuleCase Scalar(string name, Func<Rng, Tensor[]> inputs, Func<Tensor[], double> f, Action<Tensor[], object, object, Tensor?[]> rule,
        System.Reflection.MethodInfo ruleMethod) =>
        new(name, inputs, x => f(x), rule) { ForwardScalar = f, Rule = ruleMethod };

    /// <summary>The rule method of that name (of the overload whose second parameter has that type, for an overloaded one).</summary>
    private static System.Reflection.MethodInfo R(Type type, string name, Type? second = null) =>
        type.GetMethods().Single(m => m.Name == name && (second is null || m.GetParameters()[1].ParameterType == second));

    public static IEnumerable<RuleCase> All()
    {
        yield return Binary("Add", Add, AddBackward, r => N(r, 3, 4), r => N(r, 3, 4), into: Add);
        yield return Binary("Add bias over rows", Add, AddBackward, r => N(r, 3, 4), r => N(r, 4), into: Add);
        yield return Binary("Add vector plus rows", Add, AddBackward, r => N(r, 4), r => N(r, 2, 3, 4), into: Add);
        yield return Binary("Subtract", Subtract, SubtractBackward, r => N(r, 5), r => N(r, 5), into: Subtract);
        yield return Binary("Subtract bias over rows", Subtract, SubtractBackward, r => N(r, 3, 4), r => N(r, 4), into: Subtract);
        yield return Binary("Multiply", Multiply, MultiplyBackward, r => N(r, 2, 3), r => N(r, 2, 3), into: Multiply);
        yield return Binary("Multiply vector over rows", Multiply, MultiplyBackward, r => N(r, 3), r => N(r, 4, 3), into: Multiply);
        yield return Binary("Divide", Divide, DivideBackward, r => N(r, 6), r => AwayFromZero(r, 6), into: Divide);
        yield return Binary("Divide by row vector", Divide, DivideBackward, r => N(r, 2, 3), r => AwayFromZero(r, 3), into: Divide);
        yield return Unary("Negate", Negate, NegateBackward, r => N(r, 4), into: Negate);
        yield return new RuleCase("Scale", r => new[] { N(r, 2, 3), N(r) },
            x => Scale(x[0], S(x[1])),
            (x, y, dy, d) => { double ds = 0; ScaleBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref ds); AddTo(d[1], ds); })
        {
            Rule = R(typeof(Ops), nameof(ScaleBackward)),
            ForwardInto = (x, o) => Scale(x[0], S(x[1]), o),
        };
        yield return new RuleCase("ScalarMinus", r => new[] { N(r), N(r, 5) },
            x => ScalarMinus(S(x[0]), x[1]),
            (x, y, dy, d) => { double ds = 0; ScalarMinusBackward(S(x[0]), x[1], T(y), T(dy), ref ds, d[1]); AddTo(d[0], ds); })
        {
            Rule = R(typeof(Ops), nameof(ScalarMinusBackward)),
            ForwardInto = (x, o) => ScalarMinus(S(x[0]), x[1], o),
        };
        yield return new RuleCase("operator s*x", r => new[] { N(r), N(r, 5) },
            x => S(x[0]) * x[1],
            (x, y, dy, d) => { double ds = 0; Tensor.ScaleLeftBackward(S(x[0]), x[1], T(y), T(dy), ref ds, d[1]); AddTo(d[0], ds); })
        {
            Rule = R(typeof(Tensor), nameof(Tensor.ScaleLeftBackward)),
            ForwardInto = (x, o) => Tensor.ScaleLeft(S(x[0]), x[1], o),
        };
        yield return new RuleCase("AddScalar", r => new[] { N(r, 2, 3), N(r) },
            x => AddScalar(x[0], S(x[1])),
            (x, y, dy, d) => { double ds = 0; AddScalarBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref ds); AddTo(d[1], ds); })
        {
            Rule = R(typeof(Ops), nameof(AddScalarBackward)),
            ForwardInto = (x, o) => AddScalar(x[0], S(x[1]), o),
        };
        yield return new RuleCase("operator s+x", r => new[] { N(r), N(r, 5) },
            x => S(x[0]) + x[1],
            (x, y, dy, d) => { double ds = 0; Tensor.AddLeftBackward(S(x[0]), x[1], T(y), T(dy), ref ds, d[1]); AddTo(d[0], ds); })
        {
            Rule = R(typeof(Tensor), nameof(Tensor.AddLeftBackward)),
            ForwardInto = (x, o) => Tensor.AddLeft(S(x[0]), x[1], o),
        };
        yield return new RuleCase("SubtractScalar", r => new[] { N(r, 4), N(r) },
            x => SubtractScalar(x[0], S(x[1])),
            (x, y, dy, d) => { double ds = 0; SubtractScalarBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref ds); AddTo(d[1], ds); })
        {
            Rule = R(typeof(Ops), nameof(SubtractScalarBackward)),
            ForwardInto = (x, o) => SubtractScalar(x[0], S(x[1]), o),
        };
        yield return new RuleCase("DivideScalar", r => new[] { N(r, 3, 2), AwayFromZero(r) },
            x => DivideScalar(x[0], S(x[1])),
            (x, y, dy, d) => { double ds = 0; DivideScalarBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref ds); AddTo(d[1], ds); })
        {
            Rule = R(typeof(Ops), nameof(DivideScalarBackward)),
            ForwardInto = (x, o) => DivideScalar(x[0], S(x[1]), o),
        };
        yield return Unary("OneMinus", OneMinus, OneMinusBackward, r => N(r, 7), into: OneMinus);
        yield return Binary("MatVec", MatVec, MatVecBackward, r => N(r, 4, 3), r => N(r, 3), into: MatVec);
        yield return Binary("MatVec over batch rows", MatVec, MatVecBackward, r => N(r, 4, 3), r => N(r, 5, 3), into: MatVec);
        foreach (var (name, x, b) in new (string, int[], int[])[]
                 {
                     ("Affine of a vector", [3], [4]), ("Affine, bias over batch rows", [5, 3], [4]),
                     ("Affine, a full addend", [5, 3], [5, 4]), ("Affine, a vector onto rows", [3], [2, 4]),
                 })
            yield return Affine(name, x, b);
        yield return Binary("MatMul", MatMul, MatMulBackward, r => N(r, 3, 4), r => N(r, 4, 2), into: MatMul);
        yield return Binary("MatMulTransposeB", MatMulTransposeB, MatMulTransposeBBackward, r => N(r, 3, 4), r => N(r, 2, 4), into: MatMulTransposeB);
        yield return Binary("MatMulTransposeA", MatMulTransposeA, MatMulTransposeABackward, r => N(r, 4, 3), r => N(r, 4, 2), into: MatMulTransposeA);
        yield return Binary("Outer", Outer, OuterBackward, r => N(r, 3), r => N(r, 4), into: Outer);
        yield return Binary("Concat vectors", Concat, ConcatBackward, r => N(r, 3), r => N(r, 2), into: Concat);
        yield return Binary("Concat batch rows", Concat, ConcatBackward, r => N(r, 4, 3), r => N(r, 4, 2), into: Concat);
        yield return new RuleCase("Slice gate 2 of 4", r => new[] { N(r, 8) }, x => Slice(x[0], 2, 4), (x, y, dy, d) => SliceBackward(x[0], 2, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(SliceBackward)),
            ForwardInto = (x, o) => Slice(x[0], 2, 4, o),
        };
        yield return new RuleCase("Slice gate of batch rows", r => new[] { N(r, 3, 12) }, x => Slice(x[0], 3, 4), (x, y, dy, d) => SliceBackward(x[0], 3, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(SliceBackward)),
            ForwardInto = (x, o) => Slice(x[0], 3, 4, o),
        };
        yield return new RuleCase("SliceRange", r => new[] { N(r, 2, 7) }, x => SliceRange(x[0], 2, 4), (x, y, dy, d) => SliceRangeBackward(x[0], 2, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(SliceRangeBackward)),
            ForwardInto = (x, o) => SliceRange(x[0], 2, 4, o),
        };
        foreach (bool last in new[] { false, true })
        {
            string side = last ? "part last" : "part first";
            yield return new RuleCase("ColumnsOf " + side, r => new[] { N(r, 4, 7), N(r, 3, 2) }, x => ColumnsOf(x[0], x[1], last),
                (x, y, dy, d) => ColumnsOfBackward(x[0], x[1], last, T(y), T(dy), d[0], d[1]))
            {
                Rule = R(typeof(Ops), nameof(ColumnsOfBackward)),
                ForwardInto = (x, o) => ColumnsOf(x[0], x[1], last, o),
            };
            yield return new RuleCase("OtherColumns " + side, r => new[] { N(r, 4, 7), N(r, 3, 2) }, x => OtherColumns(x[0], x[1], last),
                (x, y, dy, d) => OtherColumnsBackward(x[0], x[1], last, T(y), T(dy), d[0], d[1]))
            {
                Rule = R(typeof(Ops), nameof(OtherColumnsBackward)),
                ForwardInto = (x, o) => OtherColumns(x[0], x[1], last, o),
            };
        }
        yield return new RuleCase("RowRange", r => new[] { N(r, 6, 3) }, x => RowRange(x[0], 2, 3), (x, y, dy, d) => RowRangeBackward(x[0], 2, 3, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(RowRangeBackward)),
            ForwardInto = (x, o) => RowRange(x[0], 2, 3, o),
        };
        yield return Unary("Tanh", Tanh, TanhBackward, r => N(r, 3, 5), into: Tanh);
        yield return Unary("Sigmoid", Sigmoid, SigmoidBackward, r => N(r, 3, 5), into: Sigmoid);
        foreach (var fused in FusedCases()) yield return fused;
        yield return Unary("Relu", Relu, ReluBackward, r => AwayFromZero(r, 3, 5), into: Relu);
        yield return Unary("Exp", Exp, ExpBackward, r => N(r, 6), into: Exp);
        yield return Unary("Log", Log, LogBackward, r => U(r, 0.2, 3, 6), into: Log);
        yield return Unary("Square", Square, SquareBackward, r => N(r, 6), into: Square);
        yield return Unary("Sqrt", Sqrt, SqrtBackward, r => U(r, 0.2, 3, 2, 4), into: Sqrt);
        yield return Unary("Abs", Abs, AbsBackward, r => AwayFromZero(r, 7), into: Abs);
        foreach (var (name, x) in new (string, Func<Rng, Tensor>)[] { ("Pow of positives", r => U(r, 0.3, 2, 2, 3)), ("Pow of a vector", r => U(r, 0.5, 1.5, 5)) })
            yield return new RuleCase(name, r => new[] { x(r), U(r, 0.5, 2.5) },
                x => Pow(x[0], S(x[1])),
                (x, y, dy, d) => { double dp = 0; PowBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref dp); AddTo(d[1], dp); })
            {
                Rule = R(typeof(Ops), nameof(PowBackward)),
                ForwardInto = (x, o) => Pow(x[0], S(x[1]), o),
            };
        foreach (var (name, dims) in new (string, int[])[] { ("RowNormalize of a vector", [6]), ("RowNormalize of batch rows", [3, 5]) })
            yield return new RuleCase(name, r => new[] { N(r, dims), U(r, 0.05, 0.5) },
                x => RowNormalize(x[0], S(x[1])),
                (x, y, dy, d) => { double de = 0; RowNormalizeBackward(x[0], S(x[1]), T(y), T(dy), d[0], ref de); AddTo(d[1], de); })
            {
                Rule = R(typeof(Ops), nameof(RowNormalizeBackward)),
                ForwardInto = (x, o) => RowNormalize(x[0], S(x[1]), o),
            };
        yield return Unary("Softmax", Softmax, SoftmaxBackward, r => N(r, 6), into: Softmax);
        yield return Unary("Softmax over batch rows", Softmax, SoftmaxBackward, r => N(r, 3, 5), into: Softmax);
        yield return Unary("LogSoftmax", LogSoftmax, LogSoftmaxBackward, r => N(r, 6), into: LogSoftmax);
        yield return Unary("LogSoftmax over batch rows", LogSoftmax, LogSoftmaxBackward, r => N(r, 3, 5), into: LogSoftmax);
        yield return Scalar("CrossEntropy", r => new[] { N(r, 7) }, x => CrossEntropy(x[0], 4), (x, y, dy, d) => CrossEntropyBackward(x[0], 4, D(y), D(dy), d[0]), R(typeof(Ops), nameof(CrossEntropyBackward), typeof(int)));
        yield return Scalar("CrossEntropy per batch row", r => new[] { N(r, 3, 7) }, x => CrossEntropy(x[0], BatchTargets),
            (x, y, dy, d) => CrossEntropyBackward(x[0], BatchTargets, D(y), D(dy), d[0]), R(typeof(Ops), nameof(CrossEntropyBackward), typeof(int[])));
        // Targets in [0, 1], not only 0 and 1, so the rule's dtargets is checked away from the multi-hot corners too.
        yield return Scalar("SigmoidCrossEntropy", r => new[] { U(r, -4, 4, 7), U(r, 0, 1, 7) }, x => SigmoidCrossEntropy(x[0], x[1]),
            (x, y, dy, d) => SigmoidCrossEntropyBackward(x[0], x[1], D(y), D(dy), d[0], d[1]), R(typeof(Ops), nameof(SigmoidCrossEntropyBackward)));
        yield return Scalar("SigmoidCrossEntropy per batch row", r => new[] { U(r, -4, 4, 3, 5), U(r, 0, 1, 3, 5) }, x => SigmoidCrossEntropy(x[0], x[1]),
            (x, y, dy, d) => SigmoidCrossEntropyBackward(x[0], x[1], D(y), D(dy), d[0], d[1]), R(typeof(Ops), nameof(SigmoidCrossEntropyBackward)));
        yield return new RuleCase("Embedding", r => new[] { N(r, 5, 3) }, x => Embedding(x[0], 2), (x, y, dy, d) => EmbeddingBackward(x[0], 2, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(EmbeddingBackward), typeof(int)),
            ForwardInto = (x, o) => Embedding(x[0], 2, o),
        };
        yield return new RuleCase("Embedding per batch row (repeated id)", r => new[] { N(r, 5, 3) }, x => Embedding(x[0], RepeatedIds),
            (x, y, dy, d) => EmbeddingBackward(x[0], RepeatedIds, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(EmbeddingBackward), typeof(int[])),
            ForwardInto = (x, o) => Embedding(x[0], RepeatedIds, o),
        };
        yield return Scalar("Sum", r => new[] { N(r, 2, 3) }, x => Sum(x[0]), (x, y, dy, d) => SumBackward(x[0], D(y), D(dy), d[0]), R(typeof(Ops), nameof(SumBackward)));
        yield return Scalar("Mean", r => new[] { N(r, 2, 3) }, x => Mean(x[0]), (x, y, dy, d) => MeanBackward(x[0], D(y), D(dy), d[0]), R(typeof(Ops), nameof(MeanBackward)));
        yield return Scalar("Dot", r => new[] { N(r, 4), N(r, 4) }, x => Dot(x[0], x[1]), (x, y, dy, d) => DotBackward(x[0], x[1], D(y), D(dy), d[0], d[1]), R(typeof(Ops), nameof(DotBackward)));
        // Math's functions on a double, through ScalarMath (the generator's stand-ins for Math.Exp and the rest).
        foreach (var (name, f, rule, input) in new (string, Func<double, double>, ScalarRule, Func<Rng, Tensor>)[]
                 {
                     ("ScalarMath.Exp", ScalarMath.Exp, ScalarMath.ExpBackward, r => N(r)),
                     ("ScalarMath.Log", ScalarMath.Log, ScalarMath.LogBackward, r => U(r, 0.3, 3)),
                     ("ScalarMath.Tanh", ScalarMath.Tanh, ScalarMath.TanhBackward, r => N(r)),
                     ("ScalarMath.Sqrt", ScalarMath.Sqrt, ScalarMath.SqrtBackward, r => U(r, 0.3, 3)),
                 })
            yield return Scalar(name, r => new[] { input(r) }, x => f(S(x[0])),
                (x, y, dy, d) => { double dx = 0; rule(S(x[0]), D(y), D(dy), ref dx); AddTo(d[0], dx); }, R(typeof(ScalarMath), rule.Method.Name));

        // A primitive defined outside the runtime (docs/adding-a-primitive.md); inputs wide enough to reach both tails.
        yield return Unary("Softplus (user-defined)", SoftplusExample.Softplus, SoftplusExample.SoftplusBackward, r => U(r, -6, 6, 3, 4), into: SoftplusExample.Softplus);
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All()) data.Add(c.Name);
        return data;
    }

    public static RuleCase Named(string name) => All().Single(c => c.Name == name);

    /// <summary>The fused primitives (Ops.Fused.cs): a gate of a vector and of batch rows, same-shaped products and
    /// products with a repeated vector operand, as the compositions they replace allow.</summary>
    private static IEnumerable<RuleCase> FusedCases()
    {
        yield return new RuleCase("SigmoidOfSlice gate 2 of 4", r => new[] { N(r, 8) }, x => SigmoidOfSlice(x[0], 2, 4),
            (x, y, dy, d) => SigmoidOfSliceBackward(x[0], 2, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(SigmoidOfSliceBackward)),
            ForwardInto = (x, o) => SigmoidOfSlice(x[0], 2, 4, o),
        };
        yield return new RuleCase("SigmoidOfSlice gate of batch rows", r => new[] { N(r, 3, 12) }, x => SigmoidOfSlice(x[0], 0, 4),
            (x, y, dy, d) => SigmoidOfSliceBackward(x[0], 0, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(SigmoidOfSliceBackward)),
            ForwardInto = (x, o) => SigmoidOfSlice(x[0], 0, 4, o),
        };
        yield return new RuleCase("TanhOfSlice gate of batch rows", r => new[] { N(r, 3, 12) }, x => TanhOfSlice(x[0], 3, 4),
            (x, y, dy, d) => TanhOfSliceBackward(x[0], 3, 4, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(TanhOfSliceBackward)),
            ForwardInto = (x, o) => TanhOfSlice(x[0], 3, 4, o),
        };
        yield return new RuleCase("TanhOfSlice half of a vector", r => new[] { N(r, 6) }, x => TanhOfSlice(x[0], 1, 2),
            (x, y, dy, d) => TanhOfSliceBackward(x[0], 1, 2, T(y), T(dy), d[0]))
        {
            Rule = R(typeof(Ops), nameof(TanhOfSliceBackward)),
            ForwardInto = (x, o) => TanhOfSlice(x[0], 1, 2, o),
        };
        yield return Products("AddProducts", r => new[] { N(r, 3, 4), N(r, 3, 4), N(r, 3, 4), N(r, 3, 4) });
        yield return Products("AddProducts with a repeated vector", r => new[] { N(r, 3, 4), N(r, 4), N(r, 3, 4), N(r, 3, 4) });
        yield return Products("AddProducts of a vector product and rows", r => new[] { N(r, 4), N(r, 4), N(r, 2, 4), N(r, 2, 4) });
    }

    private static RuleCase Products(string name, Func<Rng, Tensor[]> inputs) =>
        new(name, inputs, x => AddProducts(x[0], x[1], x[2], x[3]),
            (x, y, dy, d) => AddProductsBackward(x[0], x[1], x[2], x[3], T(y), T(dy), d[0], d[1], d[2], d[3]))
        {
            Rule = R(typeof(Ops), nameof(AddProductsBackward)),
            ForwardInto = (x, o) => AddProducts(x[0], x[1], x[2], x[3], o),
        };
}
