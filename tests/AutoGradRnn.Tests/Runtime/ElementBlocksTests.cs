namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// Large element-wise primitives and rules are cut into blocks that the kernel threads share
/// (<see cref="ElementBlocks"/>): the result is the same bits on one thread and on two, and the same as computing the
/// rows one at a time below the threshold (what the primitives did before the split), for layouts around every cost's
/// threshold and with odd tails; a repeated operand's adjoint is summed over the rows in row order.
/// </summary>
public class ElementBlocksTests
{
    private const int Rows = 32;

    /// <summary>Columns for [32, cols]: 32 × cols falls just below and just above the threshold of every element cost
    /// (8, 4, 2 and 1: 32,768, 65,536, 131,072 and 262,144 elements), with odd tails.</summary>
    private static readonly int[] Columns = [1023, 1025, 2047, 2049, 4095, 4097, 8191, 8209];

    public static TheoryData<string, DType> UnaryCases() => Cases(Unaries.Keys);

    private static TheoryData<string, DType> Cases(IEnumerable<string> names)
    {
        var data = new TheoryData<string, DType>();
        foreach (var name in names)
        {
            data.Add(name, DType.Float32);
            data.Add(name, DType.Float64);
        }
        return data;
    }

    private sealed record Unary(Func<Tensor, Tensor?, Tensor> Forward, Action<Tensor, Tensor, Tensor, Tensor?> Backward, double Low, double High);

    private static readonly Dictionary<string, Unary> Unaries = new()
    {
        ["Sigmoid"] = new(Ops.Sigmoid, Ops.SigmoidBackward, -6, 6),
        ["Tanh"] = new(Ops.Tanh, Ops.TanhBackward, -4, 4),
        ["Relu"] = new(Ops.Relu, Ops.ReluBackward, -1, 1),
        ["Exp"] = new(Ops.Exp, Ops.ExpBackward, -3, 3),
        ["Log"] = new(Ops.Log, Ops.LogBackward, 0.1, 3),
        ["Square"] = new(Ops.Square, Ops.SquareBackward, -2, 2),
    };

    private delegate void BinaryRule(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db);

    private static readonly Dictionary<string, (Func<Tensor, Tensor, Tensor?, Tensor> Forward, BinaryRule Backward)> Binaries = new()
    {
        ["Add"] = (Ops.Add, Ops.AddBackward),
        ["Subtract"] = (Ops.Subtract, Ops.SubtractBackward),
        ["Multiply"] = (Ops.Multiply, Ops.MultiplyBackward),
        ["Divide"] = (Ops.Divide, Ops.DivideBackward),
    };

    /// <summary>Runs <paramref name="run"/> with at most <paramref name="threads"/> kernel threads.</summary>
    private static T With<T>(int threads, Func<T> run)
    {
        int before = KernelThreads.Max;
        KernelThreads.Max = threads;
        try
        {
            return run();
        }
        finally
        {
            KernelThreads.Max = before;
        }
    }

    /// <summary>Row <paramref name="r"/> of a [rows, cols] tensor as a tensor of its own, or the whole of a vector;
    /// <paramref name="values"/> are the tensor's values (read once per tensor).</summary>
    private static Tensor Row(Tensor t, double[] values, int r)
    {
        if (t.Rank == 1) return t.Clone();
        int cols = t.Shape.Last;
        return Tensor.FromValues(t.DType, values[(r * cols)..((r + 1) * cols)], cols);
    }

    private static void Same(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void A_large_activation_and_its_rule_are_the_same_bits_on_one_thread_two_threads_and_row_by_row(string name, DType dtype)
    {
        var op = Unaries[name];
        foreach (int cols in Columns)
        {
            var x = Init.Uniform(new Rng((ulong)cols), dtype, op.Low, op.High, Rows, cols);
            var dy = Init.Uniform(new Rng((ulong)cols + 1), dtype, -1, 1, Rows, cols);
            var start = Init.Uniform(new Rng((ulong)cols + 2), dtype, -1, 1, Rows, cols);
            (double[] Y, double[] Dx) Run()
            {
                var y = op.Forward(x, null);
                var dx = start.Clone();
                op.Backward(x, y, dy, dx);
                return (y.ToDoubleArray(), dx.ToDoubleArray());
            }
            var one = With(1, Run);
            var two = With(2, Run);
            var rowY = new List<double>();
            var rowDx = new List<double>();
            double[] xs = x.ToDoubleArray(), dys = dy.ToDoubleArray(), starts = start.ToDoubleArray();
            for (int r = 0; r < Rows; r++)
            {
                var xr = Row(x, xs, r);
                var yr = op.Forward(xr, null);
                var dxr = Row(start, starts, r);
                op.Backward(xr, yr, Row(dy, dys, r), dxr);
                rowY.AddRange(yr.ToDoubleArray());
                rowDx.AddRange(dxr.ToDoubleArray());
            }
            string what = $"{name} [{Rows}, {cols}] {dtype}";
            Same(one.Y, two.Y, $"{what}: y on two threads against one");
            Same(one.Dx, two.Dx, $"{what}: dx on two threads against one");
            Same([.. rowY], one.Y, $"{what}: y against row by row");
            Same([.. rowDx], one.Dx, $"{what}: dx against row by row");
        }
    }

    /// <summary>The three layouts of a binary primitive: same shapes, b a vector repeated over a's rows, a repeated.</summary>
    public enum Layout { Same, RepeatedB, RepeatedA }

    public static TheoryData<string, DType, Layout> BinaryLayoutCases()
    {
        var data = new TheoryData<string, DType, Layout>();
        foreach (var name in Binaries.Keys)
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                foreach (var layout in Enum.GetValues<Layout>())
                    data.Add(name, dtype, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryLayoutCases))]
    public void A_large_binary_primitive_and_its_rule_are_the_same_bits_on_one_thread_two_threads_and_row_by_row(string name, DType dtype, Layout layout)
    {
        var (forward, backward) = Binaries[name];
        foreach (int cols in Columns)
        {
            int[] aShape = layout == Layout.RepeatedA ? [cols] : [Rows, cols];
            int[] bShape = layout == Layout.RepeatedB ? [cols] : [Rows, cols];
            var a = Init.Uniform(new Rng((ulong)cols), dtype, -2, 2, aShape);
            var b = Init.Uniform(new Rng((ulong)cols + 1), dtype, 0.5, 2, bShape);   // away from 0 for Divide
            var dy = Init.Uniform(new Rng((ulong)cols + 2), dtype, -1, 1, Rows, cols);
            var daStart = Init.Uniform(new Rng((ulong)cols + 3), dtype, -1, 1, aShape);
            var dbStart = Init.Uniform(new Rng((ulong)cols + 4), dtype, -1, 1, bShape);
            // Both adjoints (a repeated one is summed over the rows: column blocks), and each alone (row blocks when the
            // other operand is the repeated one).
            foreach (var (wantA, wantB) in new[] { (true, true), (true, false), (false, true) })
            {
                (double[] Y, double[]? Da, double[]? Db) Run()
                {
                    var y = forward(a, b, null);
                    var da = wantA ? daStart.Clone() : null;
                    var db = wantB ? dbStart.Clone() : null;
                    backward(a, b, y, dy, da, db);
                    return (y.ToDoubleArray(), da?.ToDoubleArray(), db?.ToDoubleArray());
                }
                var one = With(1, Run);
                var two = With(2, Run);

                var rowY = new List<double>();
                var rowDa = wantA ? daStart.Clone() : null;
                var rowDb = wantB ? dbStart.Clone() : null;
                var daRows = new List<double>();
                var dbRows = new List<double>();
                double[] avs = a.ToDoubleArray(), bvs = b.ToDoubleArray(), dys = dy.ToDoubleArray(), da0 = daStart.ToDoubleArray(), db0 = dbStart.ToDoubleArray();
                for (int r = 0; r < Rows; r++)
                {
                    var ar = Row(a, avs, r);
                    var br = Row(b, bvs, r);
                    var yr = forward(ar, br, null);
                    rowY.AddRange(yr.ToDoubleArray());
                    // A repeated operand's adjoint accumulates over the rows in row order; a full one is row r's.
                    var dar = rowDa is null ? null : a.Rank == 1 ? rowDa : Row(daStart, da0, r);
                    var dbr = rowDb is null ? null : b.Rank == 1 ? rowDb : Row(dbStart, db0, r);
                    backward(ar, br, yr, Row(dy, dys, r), dar, dbr);
                    if (dar is not null && a.Rank > 1) daRows.AddRange(dar.ToDoubleArray());
                    if (dbr is not null && b.Rank > 1) dbRows.AddRange(dbr.ToDoubleArray());
                }
                string what = $"{name} {layout} [{Rows}, {cols}] {dtype} (da {wantA}, db {wantB})";
                Same(one.Y, two.Y, $"{what}: y on two threads against one");
                Same([.. rowY], one.Y, $"{what}: y against row by row");
                if (wantA)
                {
                    Same(one.Da!, two.Da!, $"{what}: da on two threads against one");
                    Same(a.Rank == 1 ? rowDa!.ToDoubleArray() : [.. daRows], one.Da!, $"{what}: da against row by row");
                }
                if (wantB)
                {
                    Same(one.Db!, two.Db!, $"{what}: db on two threads against one");
                    Same(b.Rank == 1 ? rowDb!.ToDoubleArray() : [.. dbRows], one.Db!, $"{what}: db against row by row");
                }
            }
        }
    }

    /// <summary>The cut depends on the layout and the cost only (no thread count goes in): one block below
    /// <see cref="ElementBlocks.MinWork"/>, then one per <see cref="ElementBlocks.BlockWork"/>, at most one per row or
    /// per <see cref="ElementBlocks.Align"/> columns.</summary>
    [Theory]
    [InlineData(1, 100, true, 1, 1, true)]
    [InlineData(32, 8191, true, 1, 1, true)]
    [InlineData(32, 8192, true, 1, 2, true)]
    [InlineData(32, 8192, false, 1, 2, false)]
    [InlineData(32, 8209, false, 2, 4, false)]
    [InlineData(1, 262_161, true, 8, 16, false)]
    [InlineData(33, 16411, false, 8, 33, false)]
    [InlineData(4096, 20, false, 8, 1, false)]
    [InlineData(7, 65_537, true, 4, 7, true)]
    public void The_blocks_cover_every_element_once_and_never_depend_on_the_thread_count(int rows, int cols, bool splitRows, int cost, int expectedCount, bool expectedByRows)
    {
        var (count, byRows) = ElementBlocks.Cut(rows, cols, splitRows, cost);
        Assert.Equal((expectedCount, expectedByRows), (count, byRows));
        var covered = new int[rows * cols];
        for (int i = 0; i < count; i++)
        {
            var block = ElementBlocks.At(rows, cols, count, byRows, i);
            if (count > 1 && byRows) Assert.Equal((0, cols), (block.Col0, block.Col1));
            if (count > 1 && !byRows)
            {
                Assert.Equal((0, rows), (block.Row0, block.Row1));
                Assert.True(block.Col0 % ElementBlocks.Align == 0 && block.Col1 - block.Col0 >= ElementBlocks.Align, $"block {i}: columns {block.Col0}..{block.Col1}");
                Assert.False(splitRows && rows > 1, "rows that may be split are cut by rows");
            }
            for (int r = block.Row0; r < block.Row1; r++)
                for (int c = block.Col0; c < block.Col1; c++) covered[r * cols + c]++;
        }
        Assert.All(covered, n => Assert.Equal(1, n));
    }

    /// <summary>With two threads allowed a worker really takes blocks: the first block taken waits (at most 3 s, so a
    /// machine that never runs the worker fails instead of hanging) until another thread has taken one.</summary>
    [Fact]
    public unsafe void Two_threads_share_the_blocks()
    {
        if (KernelWorkers.MaxThreads < 2)
        {
            Console.WriteLine("Two_threads_share_the_blocks: skipped, this machine has one processor.");
            return;
        }
        // Another test's product may own the workers for a moment (then this call runs alone): a few attempts.
        var state = new Participation();
        for (int attempt = 0; attempt < 10 && !state.OtherThreadJoined; attempt++)
        {
            state = new Participation { FirstThread = -1 };
            int before = KernelThreads.Max;
            KernelThreads.Max = 2;
            try
            {
                ElementBlocks.For(1, 1 << 20, splitRows: true, cost: 1, &Participate, &state);
            }
            finally
            {
                KernelThreads.Max = before;
            }
        }
        Assert.True(state.OtherThreadJoined, "no second thread took a block in 10 attempts of 3 s");
    }

    private struct Participation
    {
        public int FirstThread;
        public bool OtherThreadJoined;
    }

    private static unsafe void Participate(void* pointer, ElementBlocks.Block block)
    {
        ref var state = ref *(Participation*)pointer;
        int me = Environment.CurrentManagedThreadId;
        if (Interlocked.CompareExchange(ref state.FirstThread, me, -1) == -1)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!Volatile.Read(ref state.OtherThreadJoined) && clock.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(1);
        }
        else if (Volatile.Read(ref state.FirstThread) != me)
        {
            Volatile.Write(ref state.OtherThreadJoined, true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_warm_split_call_allocates_nothing(int threads)
    {
        var x = Init.Uniform(new Rng(1), DType.Float32, -3, 3, Rows, 16411);
        var bias = Init.Uniform(new Rng(2), DType.Float32, -1, 1, 16411);
        var y = Tensor.ZerosLike(x);
        var dy = Init.Uniform(new Rng(3), DType.Float32, -1, 1, Rows, 16411);
        var dx = Tensor.ZerosLike(x);
        var z = Tensor.ZerosLike(x);
        var dbias = Tensor.ZerosLike(bias);
        Assert.True((long)x.Length * 2 >= ElementBlocks.MinWork, "large enough to be split");
        long bytes = With(threads, () =>
            AllocationTests.AllocatedByWarm(() =>
            {
                Ops.Sigmoid(x, y);
                Ops.SigmoidBackward(x, y, dy, dx);
                Ops.Add(x, bias, y);
                Ops.AddBackward(x, bias, y, dy, dx, dbias);
                Ops.Multiply(x, y, z);
                Ops.MultiplyBackward(x, y, z, dy, dx, null);
            }));
        Assert.Equal(0, bytes);
    }
}
