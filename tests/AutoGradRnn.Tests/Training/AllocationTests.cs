using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

/// <summary>A warm training step (optimizer, clipping) allocates nothing on the managed heap.</summary>
public class AllocationTests
{
    private static (NamedTensor[] P, NamedTensor[] G) Model(DType dtype)
    {
        var rng = new Rng(9);
        NamedTensor[] p = [new("Wxh", Init.Normal(rng, dtype, 0, 0.1, 100, 65)), new("bh", Tensor.Zeros(dtype, 100))];
        NamedTensor[] g = [new("Wxh", Init.Normal(rng, dtype, 0, 1, 100, 65)), new("bh", Init.Normal(rng, dtype, 0, 1, 100))];
        return (p, g);
    }

    public static TheoryData<string, DType> Cases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var kind in new[] { "sgd", "adagrad", "adam" })
        {
            data.Add(kind, DType.Float32);
            data.Add(kind, DType.Float64);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_warm_step_allocates_nothing(string kind, DType dtype)
    {
        IOptimizer optimizer = kind switch { "sgd" => new Sgd(0.01), "adagrad" => new Adagrad(), _ => new Adam() };
        var (p, g) = Model(dtype);
        IGradientClipper elementwise = new ElementwiseClipper(5), global = new GlobalNormClipper(5);
        for (int i = 0; i < 3; i++)
        {
            elementwise.Clip(g);
            global.Clip(g);
            optimizer.Step(p, g);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        elementwise.Clip(g);
        global.Clip(g);
        optimizer.Step(p, g);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
