namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// Every kernel in float32 against the same kernel in float64: the forward value and every gradient of each
/// rule case, from inputs rounded to float32 so that only the arithmetic differs.
/// </summary>
public class PrecisionAgreementTests
{
    private const double RelativeTolerance = 1e-4;

    /// <summary>The absolute floor, a fraction of the largest magnitude in the tensor compared, for entries
    /// that cancel to near zero.</summary>
    private const double AbsoluteFloor = 1e-5;

    public static TheoryData<string> Cases => RuleCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_matches_float64(string name)
    {
        var rule = RuleCases.Named(name);
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            var (value64, gradients64) = rule.Run(DType.Float64, seed);
            var (value32, gradients32) = rule.Run(DType.Float32, seed);

            AssertClose($"{name}, seed {seed}, value", value64, value32);
            for (int k = 0; k < gradients64.Length; k++)
                AssertClose($"{name}, seed {seed}, dx{k}", gradients64[k], gradients32[k]);
        }
    }

    private static void AssertClose(string what, object expected, object actual)
    {
        if (expected is double want)
        {
            AssertClose(what, new Shape(), new[] { want }, new[] { (double)actual });
            return;
        }
        var e64 = (Tensor)expected;
        var a32 = (Tensor)actual;
        Assert.Equal(DType.Float32, a32.DType);
        Assert.Equal(e64.Shape, a32.Shape);
        AssertClose(what, e64.Shape, e64.ToDoubleArray(), a32.ToDoubleArray());
    }

    private static void AssertClose(string what, Shape shape, double[] expected, double[] actual)
    {
        double scale = Math.Max(1, expected.Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < expected.Length; i++)
        {
            double want = expected[i], got = actual[i];
            double allowed = RelativeTolerance * Math.Abs(want) + AbsoluteFloor * scale;
            Assert.True(Math.Abs(got - want) <= allowed,
                $"{what}{shape.FormatIndex(i)}: float32 {got:G9}, float64 {want:G9}, difference {Math.Abs(got - want):E2} > {allowed:E2}");
        }
    }
}
