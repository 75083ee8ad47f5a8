using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Tests.Generator.Planning;

/// <summary>
/// Which weight gradients the plan collects for one product per window ([DerivativeRule(TransposedProduct = …)]), read on
/// the planner's output: a weight that stays the same over a loop (a container member or a parameter, inside one of the
/// method's loops; for a cell's Step and its recurrent part, over the steps of a window) has its rule given null and a
/// <see cref="CollectProduct"/> after it; the outermost loop adds what it collected (<see cref="AddCollected"/>), a
/// window's step leaves it to its WeightGradients member (<see cref="MethodPlan.WindowProducts"/>). Anything else keeps
/// the rule's own update.
/// </summary>
public class WindowProductPlanTests
{
    private static string Source(string body, string parameters = "W p, int[] inputs, Tensor h", string extra = "") => $$"""
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        [Parameters] public sealed partial class W { public Tensor Wxh = null!; public Tensor Whh = null!; public Tensor Why = null!; }
        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss({{parameters}})
            {
                {{body}}
            }
            {{extra}}
        }
        """;

    private static List<CollectProduct> Collects(MethodPlan plan) => PlanOf.All(plan.Backward).OfType<CollectProduct>().ToList();

    private static string Describe(MethodPlan plan, CollectProduct c) =>
        c.Product.Destination.Text + " += " + c.Left.Text + "ᵀ·" + c.Right.Text + " in " + c.Product.Rows.Text;

    [Fact]
    public void Weights_of_a_loop_are_collected_and_added_once_after_it()
    {
        var plan = PlanOf.Method(Source("""
            double loss = 0;
            for (int t = 0; t < inputs.Length; t++)
            {
                h = Tanh(Embedding(p.Wxh, inputs[t]) + MatVec(p.Whh, h));
                loss += Sum(MatVec(p.Why, h));
            }
            return loss;
            """), "Loss");
        Assert.Equal(new[] { "dp?.Why += dmatVec_2ᵀ·h_3 in scratch.dpWhyRows", "dp?.Whh += dmatVecᵀ·h_2 in scratch.dpWhhRows" }, Collects(plan).Select(c => Describe(plan, c)));
        // Each rule is given null for the weight it leaves to the product; Embedding declares none and adds its own.
        foreach (var rule in PlanOf.All(plan.Backward).OfType<ApplyRule>().Where(r => r.Collected >= 0))
            Assert.DoesNotContain(rule.Arguments, a => a.Text.StartsWith("dp?.W", StringComparison.Ordinal));
        Assert.Contains(PlanOf.All(plan.Backward).OfType<ApplyRule>(), r => r.Arguments.Any(a => a.Text == "dp?.Wxh"));
        var add = Assert.Single(plan.Backward.OfType<AddCollected>());
        Assert.Equal(new[] { "dp?.Why", "dp?.Whh" }, add.Products.Select(p => p.Destination.Text));
        int loop = plan.Backward.ToList().FindIndex(op => op is ReverseLoop);
        Assert.IsType<AddCollected>(plan.Backward[loop + 1]);
        Assert.Empty(plan.WindowProducts);
    }

    [Fact]
    public void A_parameter_is_the_same_in_every_iteration_and_is_collected()
    {
        var plan = PlanOf.Method(Source("""
            double loss = 0;
            for (int t = 0; t < 3; t++) { h = Tanh(MatVec(w, h)); loss += Sum(h); }
            return loss;
            """, "Tensor w, Tensor h"), "Loss");
        var collect = Assert.Single(Collects(plan));
        Assert.Equal(("dw", "scratch.dwRows", "h_2"), (collect.Product.Destination.Text, collect.Product.Rows.Text, collect.Right.Text));
        Assert.Equal(collect.Product, Assert.Single(Assert.Single(plan.Backward.OfType<AddCollected>()).Products));
    }

    [Fact]
    public void Outside_a_loop_or_with_a_weight_computed_in_it_the_rule_adds_its_own()
    {
        var straight = PlanOf.Method(Source("return Sum(MatVec(p.Whh, h));"), "Loss");
        Assert.Empty(Collects(straight));
        Assert.Empty(straight.Backward.OfType<AddCollected>());

        // A weight made in the iteration changes from one to the next: its adjoint is the iteration's own.
        var computed = PlanOf.Method(Source("""
            double loss = 0;
            for (int t = 0; t < 3; t++) { var w = p.Whh * 2.0; h = Tanh(MatVec(w, h)); loss += Sum(h); }
            return loss;
            """), "Loss");
        Assert.Empty(Collects(computed));
    }

    [Fact]
    public void Nested_loops_add_after_the_outermost_only()
    {
        var plan = PlanOf.Method(Source("""
            double loss = 0;
            for (int e = 0; e < 2; e++)
            {
                for (int t = 0; t < 3; t++) { h = Tanh(MatVec(p.Whh, h)); loss += Sum(h); }
            }
            return loss;
            """), "Loss");
        Assert.Single(Collects(plan));
        Assert.Single(PlanOf.All(plan.Backward).OfType<AddCollected>());
        Assert.Single(plan.Backward.OfType<AddCollected>());
    }

    private const string Cell = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        public sealed partial class C : IRecurrentCell<C>
        {
            [Parameters] public sealed partial class Weights { public Tensor W = null!; public Tensor B = null!; }
            public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights();
            [Differentiable]
            public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.W, Concat(x, h)) + p.B + MatVec(x, Concat(h, h)));
        }
        """;

    [Fact]
    public void A_cell_step_leaves_its_weights_products_to_the_window()
    {
        var plan = PlanOf.Method(Cell, "Step");
        // p.W is the same over the window; x, a step's own input used as a weight, is not.
        Assert.Equal(new[] { "dp?.W" }, Collects(plan).Select(c => c.Product.Destination.Text));
        Assert.Equal(new[] { "dp?.W" }, plan.WindowProducts.Select(p => p.Destination.Text));
        Assert.Empty(PlanOf.All(plan.Backward).OfType<AddCollected>());
        Assert.Contains(PlanOf.All(plan.Backward).OfType<ApplyRule>(), r => r.Collected < 0 && r.Arguments.Any(a => a.Text == "dx"));

        // The recurrent part of the window form collects the weight-only value it is handed whole, not the row values.
        var recurrent = plan.Window!.Recurrent!;
        var whole = plan.Window.Values.Where(v => !v.Rows).Select(v => "d" + v.Name).ToList();
        Assert.NotEmpty(recurrent.WindowProducts);
        Assert.All(recurrent.WindowProducts, p => Assert.Contains(p.Destination.Text, whole.Select(w => w).Append("dp?.W")));
        // The input part runs once over the window's rows: its products are already one each.
        Assert.Empty(Collects(plan.Window.Inputs!));
    }
}
