using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Tests.Generator.Planning;

/// <summary>The planner's output read directly: names and adjoints as structured references, what the tape does with
/// each value, and the backward pass as explicit operations in the order the generated code runs them.</summary>
public class ReversePlanTests
{
    private const string ElmanLoss = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        [Parameters] public sealed partial class W { public Tensor Wxh = null!; public Tensor Whh = null!; public Tensor Why = null!; }
        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(W p, int[] inputs, int[] targets, Tensor h)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Tanh(Embedding(p.Wxh, inputs[t]) + MatVec(p.Whh, h));
                    loss += CrossEntropy(MatVec(p.Why, h), targets[t]);
                }
                return loss;
            }
        }
        """;

    [Fact]
    public void Container_members_are_structured_references_read_through_the_container()
    {
        var plan = PlanOf.Method(ElmanLoss, "Loss");
        var whh = plan.Value("p.Whh");
        Assert.Equal(new Ref("p", "Whh"), whh.Name);
        Assert.Equal(new Ref("dp", "Whh", Conditional: true), whh.Adjoint);
        Assert.Equal("dp?.Whh", whh.Adjoint!.Text);
        // The tape holds the container, not its members: the backward pass loads the container once.
        Assert.Equal(ValueStorage.Dropped, whh.Storage);
        var load = Assert.IsType<LoadSaved>(plan.Backward[0]);
        Assert.Equal(new[] { new Load(new Ref("p"), new Slot("tape", "p")), new Load(new Ref("scratch"), new Slot("tape", "scratch")) }, load.Containers.AsEnumerable());
    }

    [Fact]
    public void A_loop_is_reversed_as_one_operation_holding_its_body()
    {
        var plan = PlanOf.Method(ElmanLoss, "Loss");
        var top = plan.Backward.Select(op => op.GetType().Name).ToList();
        Assert.Equal(new[] { "LoadSaved", "DeclareAdjoints", "QuoteStatement", "AccumulateAdjoint", "QuoteStatement", "AccumulateAdjoint", "ReverseLoop", "AddCollected", "LoopEntry" }, top);
        Assert.Equal(QuoteNote.Outputs, ((QuoteStatement)plan.Backward[2]).Note);
        Assert.Equal(QuoteNote.ReversedLoop, ((QuoteStatement)plan.Backward[4]).Note);

        // Only the carried loss flows out of the loop: h after the loop is not returned.
        Assert.Equal("dloss_2", ((AccumulateAdjoint)plan.Backward[5]).Target.Text);
        var loop = (ReverseLoop)plan.Backward[6];
        Assert.True(plan.Loops[loop.Loop].Reversed);
        Assert.Equal(new Slot("tape", "trips"), plan.Loops[loop.Loop].Trips);
        // Each reversed iteration loads what it saved, declares its adjoints, then takes the carried adjoints over.
        Assert.IsType<LoadSaved>(loop.Body[0]);
        Assert.IsType<DeclareAdjoints>(loop.Body[1]);
        var hand = Assert.IsType<HandOver>(loop.Body[2]);
        Assert.Equal(new[] { "dh_2", "dloss_2" }, hand.Carried.Select(c => c.Restart.Adjoint.Text));
        Assert.Equal(new[] { "dh_3", "dloss_3" }, hand.Carried.Select(c => c.Add!.Target.Text));

        // The rules run in the reverse order of the forward steps.
        Assert.Equal(new[] { "crossEntropy = CrossEntropy", "matVec_2 = MatVec", "h_3 = Tanh", "sum = +", "matVec = MatVec", "embedding = Embedding" }, PlanOf.Rules(plan));
    }

    [Fact]
    public void A_rule_gets_the_arguments_the_result_its_adjoint_and_one_adjoint_per_differentiable_parameter()
    {
        var plan = PlanOf.Method(ElmanLoss, "Loss");
        var tanh = PlanOf.All(plan.Backward).OfType<ApplyRule>().Single(r => plan.Model.Steps[r.Step].Callee.EndsWith(".Tanh", StringComparison.Ordinal));
        Assert.Equal(new[] { "sum", "h_3", "dh_3", "dsum" }, tanh.Arguments.Select(a => a.Text));
        var embedding = PlanOf.All(plan.Backward).OfType<ApplyRule>().Single(r => plan.Model.Steps[r.Step].Callee.EndsWith(".Embedding", StringComparison.Ordinal));
        // The table's adjoint is a member of the gradient container, which a caller may leave null; an int id has none.
        Assert.Equal(new[] { "p.Wxh", "input", "embedding", "dembedding", "dp?.Wxh" }, embedding.Arguments.Select(a => a.Text));
    }

    [Fact]
    public void A_branch_is_replayed_along_the_recorded_branch_with_the_merged_adjoints_flowing_back()
    {
        var plan = PlanOf.Method("""
            using AutoGradRnn;
            using static AutoGradRnn.Ops;
            namespace Demo;
            public static partial class Pick
            {
                [Differentiable]
                public static Tensor Step(Tensor x, bool squash)
                {
                    Tensor y;
                    if (squash) y = Tanh(x);
                    else y = Sigmoid(x);
                    return y;
                }
            }
            """, "Step");
        var branch = Assert.Single(PlanOf.All(plan.Backward).OfType<ReverseBranch>());
        Assert.Equal(new Slot("tape", "taken"), plan.Branches[branch.Branch].Taken);
        var then = Assert.IsType<MergeBack>(branch.Then.First(op => op is MergeBack));
        var otherwise = Assert.IsType<MergeBack>(branch.Else.First(op => op is MergeBack));
        Assert.Equal("dy", Assert.Single(then.Flows).Target.Text);
        Assert.Equal("dy_2", Assert.Single(otherwise.Flows).Target.Text);
        Assert.Equal("dy_3", Assert.Single(then.Flows).Source.Text);
        Assert.Equal(new[] { "y = Tanh" }, PlanOf.Rules(plan with { Backward = branch.Then }));
        Assert.Equal(new[] { "y_2 = Sigmoid" }, PlanOf.Rules(plan with { Backward = branch.Else }));
    }

    [Fact]
    public void Values_no_gradient_flows_through_have_no_adjoint_and_their_steps_no_rule()
    {
        var plan = PlanOf.Method("""
            using AutoGradRnn;
            using static AutoGradRnn.Ops;
            namespace Demo;
            public static partial class Mask
            {
                [Differentiable]
                public static Tensor Step(Tensor x, Tensor mask) => x * Tanh(mask * 0.0 + 1.0 * Sigmoid(x));
            }
            """, "Step");
        Assert.Equal(new Ref("dx"), plan.Value("x").Adjoint);
        Assert.All(plan.Values.Where(v => v.Adjoint is null), v => Assert.DoesNotContain(PlanOf.All(plan.Backward).OfType<ApplyRule>(),
            r => plan.Model.Steps[r.Step].Results.Contains(v.Id)));
    }

    [Fact]
    public void The_same_method_plans_to_an_equal_plan()
    {
        var first = PlanOf.Method(ElmanLoss, "Loss");
        var second = PlanOf.Method(ElmanLoss, "Loss");
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, PlanOf.Method(ElmanLoss.Replace("Tanh(", "Sigmoid(", StringComparison.Ordinal), "Loss"));
    }
}
