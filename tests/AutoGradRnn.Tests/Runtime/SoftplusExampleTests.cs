namespace AutoGradRnn.Tests.Runtime;

/// <summary>The user-defined primitive of the docs: its values, and its rule confirmed by the checker.
/// (Its RuleCase in <see cref="RuleCases"/> also puts it through the rule, agreement and argument tests.)</summary>
public class SoftplusExampleTests
{
    [Theory]
    [InlineData(0.0, 0.69314718055994531)]
    [InlineData(1.0, 1.3132616875182228)]
    [InlineData(-3.0, 0.048587351573742)]
    [InlineData(800.0, 800.0)]
    [InlineData(-800.0, 0.0)]
    public void Softplus_is_log_of_one_plus_exp(double x, double expected)
    {
        var y = SoftplusExample.Softplus(Tensor.FromArray(new[] { x }, 1));

        Assert.Equal(expected, y.GetAt(0), 1e-14);
    }

    [Fact]
    public void Softplus_rule_passes_the_gradient_checker()
    {
        var x = Init.Uniform(new Rng(1), DType.Float64, -4, 4, 5, 3);
        var r = Init.Normal(new Rng(2), DType.Float64, 0, 1, 5, 3);
        var function = new DifferentiableFunction(
            new[] { new NamedTensor("x", x) },
            () => Ops.Dot(r, SoftplusExample.Softplus(x)),
            gradients =>
            {
                var y = SoftplusExample.Softplus(x);
                SoftplusExample.SoftplusBackward(x, y, dy: r, dx: gradients[0]);
                return Ops.Dot(r, y);
            });

        var result = GradientChecker.Check(function, new GradientCheckOptions { CheckEveryEntry = true });

        Assert.True(result.Passed, result.Report());
    }

    [Fact]
    public void Softplus_carries_its_rule()
    {
        var attribute = (DerivativeRuleAttribute)Attribute.GetCustomAttribute(
            typeof(SoftplusExample).GetMethod(nameof(SoftplusExample.Softplus), new[] { typeof(Tensor) })!, typeof(DerivativeRuleAttribute))!;

        Assert.Null(attribute.RuleType);
        Assert.Equal(nameof(SoftplusExample.SoftplusBackward), attribute.RuleName);
        Assert.Equal("dx += σ(x) ∘ dy", attribute.Formula);
        Assert.Equal(nameof(SoftplusExample.Softplus), attribute.Into);
    }
}
