using AutoGradRnn.Generator;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Tests.Generator.Planning;

/// <summary>The plan the pipeline's planning step made for one method of a source.</summary>
internal static class PlanOf
{
    public static MethodPlan Method(string source, string method)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompilationProblems);
        var results = run.Driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Plans]
            .SelectMany(s => s.Outputs).Select(o => (PlanResult)o.Value).ToList();
        var result = Assert.Single(results, r => r.Model.Name == method);
        Assert.True(result.Plan is not null, result.Failure);
        return result.Plan!;
    }

    /// <summary>The planned value named <paramref name="name"/> in the generated code.</summary>
    public static PlannedValue Value(this MethodPlan plan, string name) => Assert.Single(plan.Values, v => v.Name.Text == name);

    /// <summary>Every operation of the backward pass, nested ones after their loop or branch, in order.</summary>
    public static IEnumerable<ReverseOp> All(IEnumerable<ReverseOp> ops)
    {
        foreach (var op in ops)
        {
            yield return op;
            var inner = op switch
            {
                ReverseLoop loop => loop.Body.AsEnumerable(),
                ReverseBranch branch => branch.Then.Concat(branch.Else),
                _ => Enumerable.Empty<ReverseOp>(),
            };
            foreach (var nested in All(inner)) yield return nested;
        }
    }

    /// <summary>The forward steps the rules of the backward pass reverse, in the order they run, as "result = Callee".</summary>
    public static List<string> Rules(MethodPlan plan) =>
        All(plan.Backward).OfType<ApplyRule>().Select(r => plan.NameOf(plan.Model.Steps[r.Step].Results[0]) + " = " + Short(plan.Model.Steps[r.Step].Callee)).ToList();

    private static string Short(string callee) => callee.Substring(callee.LastIndexOf('.') + 1);
}
