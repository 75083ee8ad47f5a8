namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// Every primitive's destination-passing form (<see cref="DerivativeRuleAttribute.Into"/>), through the cases of
/// <see cref="RuleCases"/>, in both element types: it computes what the allocating form computes, writes into
/// <c>into</c> and returns it when it fits, returns a new tensor and leaves <c>into</c> alone when it does not,
/// and refuses an <c>into</c> that is one of its inputs.
/// </summary>
public class IntoFormTests
{
    public static TheoryData<string, DType> IntoCases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var c in RuleCases.All().Where(c => c.ForwardInto is not null))
        {
            data.Add(c.Name, DType.Float32);
            data.Add(c.Name, DType.Float64);
        }
        return data;
    }

    private static Tensor[] Inputs(RuleCase rule, DType dtype) => rule.MakeInputs(new Rng(7)).Select(t => t.To(dtype)).ToArray();

    private static Tensor Filled(DType dtype, Shape shape, double value)
    {
        var t = Tensor.Zeros(dtype, shape);
        t.Fill(value);
        return t;
    }

    private static DType Other(DType dtype) => dtype == DType.Float32 ? DType.Float64 : DType.Float32;

    [Fact]
    public void Every_case_with_a_tensor_result_has_an_into_form_and_every_scalar_case_an_unboxed_forward()
    {
        foreach (var rule in RuleCases.All())
        {
            bool tensorResult = rule.Forward(rule.MakeInputs(new Rng(1))) is Tensor;
            Assert.True(tensorResult == (rule.ForwardInto is not null), $"{rule.Name}: a case with a Tensor result needs ForwardInto, and only such a case.");
            Assert.True(tensorResult == (rule.ForwardScalar is null), $"{rule.Name}: a case with a double result needs ForwardScalar, and only such a case.");
        }
    }

    [Theory]
    [MemberData(nameof(IntoCases))]
    public void A_fitting_into_is_overwritten_with_the_result_and_returned(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);
        var expected = (Tensor)rule.Forward(x);
        // NaN everywhere: a kernel that accumulates into into without zeroing it first, or skips an element, shows.
        var into = Filled(dtype, expected.Shape, double.NaN);

        var result = rule.ForwardInto!(x, into);

        Assert.Same(into, result);
        Assert.Equal(expected.DType, result.DType);
        Assert.Equal(expected.Shape, result.Shape);
        Assert.Equal(expected.ToDoubleArray(), result.ToDoubleArray());

        // Again into the same (now full) tensor: the result does not depend on what into held.
        Assert.Same(into, rule.ForwardInto!(x, into));
        Assert.Equal(expected.ToDoubleArray(), into.ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(IntoCases))]
    public void Without_into_the_into_form_is_the_allocating_form(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);
        var expected = (Tensor)rule.Forward(x);

        var result = rule.ForwardInto!(x, null);

        Assert.Equal(dtype, result.DType);
        Assert.Equal(expected.Shape, result.Shape);
        Assert.Equal(expected.ToDoubleArray(), result.ToDoubleArray());
        Assert.DoesNotContain(result, x);
    }

    [Theory]
    [MemberData(nameof(IntoCases))]
    public void An_into_of_another_shape_or_element_type_is_left_alone(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);
        var expected = (Tensor)rule.Forward(x);
        var misfits = new[]
        {
            Filled(Other(dtype), expected.Shape, 7),
            Filled(dtype, expected.Shape.WithLast(expected.Shape.Last + 1), 7),
            Filled(dtype, new Shape(expected.Length), 7),
        };

        foreach (var into in misfits.Where(m => !m.Fits(dtype, expected.Shape)))
        {
            var result = rule.ForwardInto!(x, into);

            Assert.NotSame(into, result);
            Assert.Equal(dtype, result.DType);
            Assert.Equal(expected.Shape, result.Shape);
            Assert.Equal(expected.ToDoubleArray(), result.ToDoubleArray());
            Assert.All(into.ToDoubleArray(), v => Assert.Equal(7, v));
        }
    }

    /// <summary>Each tensor argument in turn as into. (A rank-0 input of a case carries a double argument, not a
    /// tensor one, so it is not an input of the primitive.)</summary>
    [Theory]
    [MemberData(nameof(IntoCases))]
    public void An_input_as_into_is_refused(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);

        foreach (var input in x.Where(t => t.Rank > 0))
        {
            var before = input.ToDoubleArray();

            var error = Assert.Throws<ArgumentException>(() => rule.ForwardInto!(x, input));

            Assert.Equal("into", error.ParamName);
            Assert.Equal(before, input.ToDoubleArray());
        }
    }

    [Fact]
    public void Reuse_returns_a_fitting_tensor_zeroed_on_request_and_a_new_one_otherwise()
    {
        var into = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);

        Assert.Same(into, Tensor.Reuse(into, DType.Float64, new Shape(2, 3), zero: false));
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, into.ToDoubleArray());
        Assert.Same(into, Tensor.Reuse(into, DType.Float64, new Shape(2, 3), zero: true));
        Assert.All(into.ToDoubleArray(), v => Assert.Equal(0, v));

        into.Fill(1);
        foreach (var (dtype, shape) in new[] { (DType.Float32, new Shape(2, 3)), (DType.Float64, new Shape(3, 2)), (DType.Float64, new Shape(6)) })
        {
            var fresh = Tensor.Reuse(into, dtype, shape, zero: true);
            Assert.NotSame(into, fresh);
            Assert.Equal(dtype, fresh.DType);
            Assert.Equal(shape, fresh.Shape);
            Assert.All(fresh.ToDoubleArray(), v => Assert.Equal(0, v));
        }
        Assert.All(into.ToDoubleArray(), v => Assert.Equal(1, v));

        var made = Tensor.Reuse(null, DType.Float32, new Shape(4), zero: false);
        Assert.Equal(new Shape(4), made.Shape);
        Assert.Equal(DType.Float32, made.DType);
    }
}
