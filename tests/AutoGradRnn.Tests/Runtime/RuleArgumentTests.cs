using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every rule rejects an adjoint that does not fit its primitive, instead of reading or writing past it.</summary>
public class RuleArgumentTests
{
    private static Tensor Wider(Tensor t) => Tensor.Zeros(t.DType, t.Shape.WithLast(t.Shape.Last + 1));

    public static TheoryData<string> TensorResultCases =>
        new(RuleCases.All().Where(c => c.Forward(c.MakeInputs(new Rng(1))) is Tensor).Select(c => c.Name));

    /// <summary>The cases with a tensor input (ScalarMath's take doubles only: there is no adjoint to make wrong).</summary>
    public static TheoryData<string> Cases => new(RuleCases.All().Where(c => c.MakeInputs(new Rng(1)).Any(v => v.Rank > 0)).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(TensorResultCases))]
    public void A_result_adjoint_of_the_wrong_shape_is_refused(string name)
    {
        var rule = RuleCases.Named(name);
        var x = rule.MakeInputs(new Rng(1));
        var y = (Tensor)rule.Forward(x);
        var gradients = x.Select(Tensor.ZerosLike).ToArray();

        var error = Assert.Throws<ShapeException>(() => rule.Backward(x, y, Wider(y), gradients));

        Assert.EndsWith("Backward", error.Operation, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_input_adjoint_of_the_wrong_shape_is_refused(string name)
    {
        var rule = RuleCases.Named(name);
        var x = rule.MakeInputs(new Rng(1));
        var y = rule.Forward(x);
        object dy = y is Tensor t ? Tensor.ZerosLike(t) : 1.0;
        var gradients = x.Select(Tensor.ZerosLike).ToArray();
        int k = Array.FindIndex(x, v => v.Rank > 0);
        gradients[k] = Wider(x[k]);

        var error = Assert.Throws<ShapeException>(() => rule.Backward(x, y, dy, gradients));

        Assert.EndsWith("Backward", error.Operation, StringComparison.Ordinal);
    }

    /// <summary>Regression: the matrix-product rules took their sizes from the operands unchecked, so operands
    /// that do not multiply were read and written out of step, silently.</summary>
    [Theory]
    [InlineData("MatMulBackward", 3, 4, 5, 2)]
    [InlineData("MatMulTransposeBBackward", 3, 4, 2, 5)]
    [InlineData("MatMulTransposeABackward", 4, 3, 5, 2)]
    public void A_product_rule_refuses_operands_that_do_not_multiply(string rule, int a0, int a1, int b0, int b1)
    {
        var rng = new Rng(1);
        var a = Init.Normal(rng, DType.Float64, 0, 1, a0, a1);
        var b = Init.Normal(rng, DType.Float64, 0, 1, b0, b1);
        var dc = Init.Normal(rng, DType.Float64, 0, 1, 3, 2);
        Action<Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor?> backward = rule switch
        {
            "MatMulBackward" => MatMulBackward,
            "MatMulTransposeBBackward" => MatMulTransposeBBackward,
            _ => MatMulTransposeABackward,
        };

        var error = Assert.Throws<ShapeException>(() => backward(a, b, dc, dc, Tensor.ZerosLike(a), Tensor.ZerosLike(b)));

        Assert.Equal(rule, error.Operation);
        Assert.Contains(a.Shape.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(b.Shape.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_rule_refuses_a_product_adjoint_of_the_wrong_shape()
    {
        var a = Tensor.Zeros(DType.Float64, 3, 4);
        var b = Tensor.Zeros(DType.Float64, 4, 2);
        var wrong = Tensor.Zeros(DType.Float64, 2, 3);

        var error = Assert.Throws<ShapeException>(() => MatMulBackward(a, b, wrong, wrong, null, Tensor.ZerosLike(b)));

        Assert.Contains("[2, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_adjoints_are_skipped()
    {
        foreach (var rule in RuleCases.All())
        {
            var x = rule.MakeInputs(new Rng(1));
            var y = rule.Forward(x);
            object dy = y is Tensor t ? Tensor.ZerosLike(t) : 1.0;
            rule.Backward(x, y, dy, new Tensor?[x.Length]);
        }
    }
}
