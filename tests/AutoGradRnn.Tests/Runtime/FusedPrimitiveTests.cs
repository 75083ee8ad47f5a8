using System.Reflection;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>The fused primitives compute their compositions' bits exactly (the generator substitutes them in generated
/// forwards that the checker compares with the user's method bit for bit), for every layout the composition accepts and
/// sizes around the vector widths and the block threshold; each [Fuses] primitive of the runtime is in the rule corpus.</summary>
public class FusedPrimitiveTests
{
    public static TheoryData<int, int, DType> Layouts()
    {
        var data = new TheoryData<int, int, DType>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            foreach (var (rows, hidden) in new[] { (0, 1), (0, 3), (1, 5), (2, 3), (3, 7), (4, 16), (5, 100), (32, 100), (64, 1100) })
                data.Add(rows, hidden, dtype);
        return data;
    }

    private static Tensor N(ulong seed, DType dtype, params int[] dims) => Init.Normal(new Rng(seed), dtype, 0, 2, dims);

    /// <summary>[rows, n] or, for rows 0, a vector [n].</summary>
    private static int[] Dims(int rows, int n) => rows == 0 ? new[] { n } : new[] { rows, n };

    private static void SameBits(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected.GetAt(k)) == BitConverter.DoubleToInt64Bits(actual.GetAt(k)),
                $"entry {k}: {expected.GetAt(k):R} from the composition, {actual.GetAt(k):R} fused");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Sigmoid_and_tanh_of_a_slice_are_the_compositions_bits(int rows, int hidden, DType dtype)
    {
        var x = N(1, dtype, Dims(rows, 4 * hidden));
        for (int gate = 0; gate < 4; gate++)
        {
            SameBits(Sigmoid(Slice(x, gate, 4)), SigmoidOfSlice(x, gate, 4));
            SameBits(Tanh(Slice(x, gate, 4)), TanhOfSlice(x, gate, 4));
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Add_products_is_the_compositions_bits_in_every_layout(int rows, int hidden, DType dtype)
    {
        int[] full = Dims(rows, hidden), vector = { hidden };
        var layouts = new[] { (full, full, full, full), (full, vector, full, full), (vector, full, full, vector), (vector, vector, full, full), (full, full, vector, vector) };
        foreach (var (da, db, dc, dd) in layouts)
        {
            Tensor a = N(2, dtype, da), b = N(3, dtype, db), c = N(4, dtype, dc), d = N(5, dtype, dd);
            SameBits(Add(Multiply(a, b), Multiply(c, d)), AddProducts(a, b, c, d));
        }
    }

    [Fact]
    public void Add_products_refuses_what_the_composition_refuses()
    {
        var ex = Assert.Throws<ShapeException>(() => AddProducts(Tensor.Zeros(DType.Float32, 2, 3), Tensor.Zeros(DType.Float32, 2, 3),
            Tensor.Zeros(DType.Float32, 3, 3), Tensor.Zeros(DType.Float32, 3, 3)));
        Assert.Contains("AddProducts", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 3]", ex.Message);
    }

    [Fact]
    public void Every_fused_primitive_of_the_runtime_is_in_the_rule_corpus()
    {
        var fused = typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetCustomAttributes<FusesAttribute>().Any()).ToList();
        Assert.Equal(new[] { "AddProducts", "SigmoidOfSlice", "TanhOfSlice" }, fused.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        var rules = RuleCases.All().Select(c => c.Rule?.Name).ToHashSet();
        foreach (var m in fused) Assert.Contains(m.GetCustomAttribute<DerivativeRuleAttribute>()!.RuleName, rules);
    }
}
