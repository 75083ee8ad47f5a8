using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Tests.Generator.Planning;

/// <summary>What the plan keeps on the tape, from what the rules declare they read ([RuleReads]): the values some
/// rule reads or that outlive their step are kept, those whose shapes alone are read are kept as shapes, the rest live
/// in the scratch.</summary>
public class StoragePlanTests
{
    private const string Usings = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;

        """;

    private static string[] Named(MethodPlan plan, ValueStorage storage) =>
        plan.Values.Where(v => v.Storage == storage && plan.Model.Values[v.Id].Origin is AutoGradRnn.Generator.Model.ValueOrigin.Local or AutoGradRnn.Generator.Model.ValueOrigin.Temporary)
            .Select(v => v.Name.Text).ToArray();

    [Fact]
    public void An_lstm_step_keeps_what_a_hand_written_bptt_keeps()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class LstmCell
            {
                [Differentiable]
                public static (Tensor H, Tensor C) Step(Tensor x, Tensor h, Tensor c, Tensor w, Tensor b)
                {
                    var gates = MatVec(w, Concat(x, h)) + b;
                    var i = Sigmoid(Slice(gates, 0, 4));
                    var f = Sigmoid(Slice(gates, 1, 4));
                    var o = Sigmoid(Slice(gates, 2, 4));
                    var g = Tanh(Slice(gates, 3, 4));
                    var cNext = f * c + i * g;
                    var hNext = o * Tanh(cNext);
                    return (hNext, cNext);
                }
            }
            """, "Step");
        // [x; h] for dW, the four gates, tanh(c'), and the returned state: min-char-rnn's X, IFOGf, C, Ct and H.
        Assert.Equal(new[] { "concat", "i", "f", "o", "g", "cNext", "tanh", "hNext" }, Named(plan, ValueStorage.Kept));
        // The gate slices and the two products are fused away (SigmoidOfSlice, TanhOfSlice, AddProducts).
        Assert.Equal(new[] { "matVec", "gates" }, Named(plan, ValueStorage.ShapeOnly));
        Assert.All(plan.Values.Where(v => v.Storage == ValueStorage.ShapeOnly), v => Assert.Equal(new Slot("scratch", v.Name.Text), v.Buffer));
        Assert.Equal(plan.Value("concat").Slot, plan.Value("concat").Buffer);
        // The backward pass loads the shape-only values apart from the kept ones.
        var load = Assert.IsType<LoadSaved>(plan.Backward[0]);
        Assert.Equal(Named(plan, ValueStorage.ShapeOnly), load.Shapes.Select(l => l.Local.Text));
        Assert.Contains(new Load(new Ref("scratch"), new Slot("tape", "scratch")), load.Containers);
        Assert.All(PlanOf.All(plan.Backward).OfType<DeclareAdjoints>().SelectMany(d => d.Adjoints), a => Assert.Equal("scratch", a.Buffer.Tape));
    }

    [Fact]
    public void A_rule_without_RuleReads_is_given_every_value_it_takes()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class Custom
            {
                [DerivativeRule(nameof(TwiceBackward), Into = nameof(Twice))]
                public static Tensor Twice(Tensor x) => Scale(x, 2);
                public static Tensor Twice(Tensor x, Tensor? into) => Scale(x, 2, into);
                public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));

                [Differentiable]
                public static double F(Tensor x) => Sum(Twice(Exp(x)));
            }
            """, "F");
        Assert.Equal(ValueStorage.Kept, plan.Value("exp").Storage);
        Assert.Equal(ValueStorage.Kept, plan.Value("twice").Storage);
    }

    [Fact]
    public void A_rule_that_declares_its_reads_is_given_only_those()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class Custom
            {
                [DerivativeRule(nameof(TwiceBackward), Into = nameof(Twice))]
                public static Tensor Twice(Tensor x) => Scale(x, 2);
                public static Tensor Twice(Tensor x, Tensor? into) => Scale(x, 2, into);
                [RuleReads]
                public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));

                [Differentiable]
                public static double F(Tensor x) => Sum(Twice(Exp(x)));
            }
            """, "F");
        // exp's rule reads its result, which Twice's does not need: it stays; Twice's result only sizes Sum's rule.
        Assert.Equal(ValueStorage.Kept, plan.Value("exp").Storage);
        Assert.Equal(ValueStorage.ShapeOnly, plan.Value("twice").Storage);
    }

    [Fact]
    public void Values_that_outlive_their_step_are_kept_though_no_rule_reads_them()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class Accumulate
            {
                [Differentiable]
                public static Tensor Run(Tensor h, Tensor x, int steps)
                {
                    for (int t = 0; t < steps; t++) h = h + Negate(x);
                    return h + x;
                }
            }
            """, "Run");
        // h_3 = h_2 + negate is carried into the next iteration: its buffer must outlive the iteration. negate, whose
        // rules read nothing and which nothing carries, is only a shape; the returned sum is kept.
        Assert.Equal(ValueStorage.Kept, plan.Value("h_3").Storage);
        Assert.Equal(ValueStorage.ShapeOnly, plan.Value("negate").Storage);
        Assert.Equal(ValueStorage.Kept, plan.Value("sum").Storage);
    }

    [Fact]
    public void An_output_layer_keeps_the_logits_and_only_the_shape_of_the_product()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class Head
            {
                [Differentiable]
                public static double Loss(Tensor hs, Tensor why, Tensor by, int[] targets) => CrossEntropy(MatVec(why, hs) + by, targets);
            }
            """, "Loss");
        Assert.Equal(ValueStorage.Kept, plan.Value("sum").Storage);           // cross-entropy reads the logits
        Assert.Equal(ValueStorage.ShapeOnly, plan.Value("matVec").Storage);   // the sum's and the product's rules read only its shape
        Assert.Equal(new Slot("scratch", "matVec"), plan.Value("matVec").Buffer);
        Assert.Equal(new Slot("tape", "sum"), plan.Value("sum").Buffer);
    }

    [Fact]
    public void A_value_the_backward_pass_does_not_need_lives_only_in_the_scratch()
    {
        var plan = PlanOf.Method(Usings + """
            public static partial class Probe
            {
                [Differentiable]
                public static Tensor Run(Tensor x)
                {
                    var unusedGates = Tanh(x);
                    return Sigmoid(x) + x;
                }
            }
            """, "Run");
        var unused = plan.Value("unusedGates");
        Assert.Equal(ValueStorage.Scratch, unused.Storage);
        Assert.Null(unused.Adjoint);
        Assert.Equal(new Slot("scratch", "unusedGates"), unused.Buffer);
        Assert.DoesNotContain(PlanOf.All(plan.Backward).OfType<LoadSaved>().SelectMany(l => l.Values.Concat(l.Shapes)), l => l.Local.Text == "unusedGates");
    }
}
