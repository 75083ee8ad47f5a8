namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every primitive's rule against float64 central differences on fixed seeds.</summary>
public class RuleGradientTests
{
    public static TheoryData<string> Cases => RuleCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_matches_finite_differences(string name)
    {
        var rule = RuleCases.Named(name);
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var result = GradientChecker.Check(rule.ToFunction(seed), new GradientCheckOptions { CheckEveryEntry = true, AbsoluteTolerance = 0 });
            Assert.True(result.Passed, $"{name}, seed {seed}:\n{result.Report()}");
            Assert.True(result.MaxRelativeError <= 1e-6, $"{name}, seed {seed}: max relative error {result.MaxRelativeError:E2}\n{result.Report()}");
        }
    }
}
