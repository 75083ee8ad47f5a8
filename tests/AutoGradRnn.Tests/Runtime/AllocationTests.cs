namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// A warm primitive allocates nothing on the GC heap: the into form of every primitive that returns a Tensor
/// (given an into that fits), every primitive that returns a double, and every rule (given its adjoints), in both
/// element types, through the cases of <see cref="RuleCases"/>. Measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a call that follows a warm-up call.
/// </summary>
public class AllocationTests
{
    public static TheoryData<string, DType> Cases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var c in RuleCases.All())
        {
            data.Add(c.Name, DType.Float32);
            data.Add(c.Name, DType.Float64);
        }
        return data;
    }

    /// <summary>The bytes <paramref name="action"/> allocates on this thread when it runs after a warm-up run
    /// (which JIT-compiles it and runs any static initialisers).</summary>
    internal static long AllocatedByWarm(Action action)
    {
        action();
        // The least of three warm calls: a call that allocates does so every time, while the thread's count can
        // jump once by an allocation-context quantum (about 8 KB) when another test's allocations trigger a GC
        // between the two reads (seen in CI, where the tests run in parallel).
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    private static Tensor[] Inputs(RuleCase rule, DType dtype) => rule.MakeInputs(new Rng(3)).Select(t => t.To(dtype)).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_warm_forward_allocates_nothing(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);
        long bytes;
        if (rule.ForwardInto is { } forwardInto)
        {
            var into = (Tensor)rule.Forward(x);
            bytes = AllocatedByWarm(() => forwardInto(x, into));
        }
        else
        {
            var forward = rule.ForwardScalar!;
            bytes = AllocatedByWarm(() => forward(x));
        }

        Assert.True(bytes == 0, $"{name} ({dtype}) allocated {bytes} bytes.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_warm_rule_allocates_nothing(string name, DType dtype)
    {
        var rule = RuleCases.Named(name);
        var x = Inputs(rule, dtype);
        object y = rule.Forward(x);
        object dy = y is Tensor t ? Init.Normal(new Rng(4), dtype, 0, 1, t.Shape.ToArray()) : 0.75;
        var gradients = x.Select(Tensor.ZerosLike).ToArray<Tensor?>();
        var none = new Tensor?[x.Length];

        long bytes = AllocatedByWarm(() => rule.Backward(x, y, dy, gradients));
        long bytesWithoutAdjoints = AllocatedByWarm(() => rule.Backward(x, y, dy, none));

        Assert.True(bytes == 0, $"{name}'s rule ({dtype}) allocated {bytes} bytes.");
        Assert.True(bytesWithoutAdjoints == 0, $"{name}'s rule ({dtype}) allocated {bytesWithoutAdjoints} bytes with null adjoints.");
    }

    /// <summary>The measurement itself: the allocating forms and a misfit into do allocate, and it sees that.</summary>
    [Fact]
    public void The_measurement_sees_an_allocation()
    {
        var x = Tensor.Zeros(DType.Float32, 3, 4);
        var misfit = Tensor.Zeros(DType.Float64, 3, 4);

        Assert.True(AllocatedByWarm(() => Ops.Tanh(x)) >= 12 * sizeof(float));
        Assert.True(AllocatedByWarm(() => Ops.Tanh(x, misfit)) >= 12 * sizeof(float));
        Assert.True(AllocatedByWarm(() => Ops.MatVec(x, Tensor.Zeros(DType.Float32, 4))) > 0);
    }

    [Fact]
    public void Shapes_and_reuse_allocate_nothing()
    {
        var into = Tensor.Zeros(DType.Float32, 2, 3, 4);

        long bytes = AllocatedByWarm(() =>
        {
            var shape = new Shape(2, 3, 5).WithLast(4);
            if (shape != new Shape(2, 3, 4) || new Shape(7).WithLast(3) != new Shape(3) || new Shape(2, 9).WithLast(1) != new Shape(2, 1))
                throw new InvalidOperationException("WithLast");
            if (!ReferenceEquals(Tensor.Reuse(into, DType.Float32, shape, zero: true), into)) throw new InvalidOperationException("Reuse");
        });

        Assert.Equal(0, bytes);
    }
}
