namespace AutoGradRnn;

/// <summary>
/// Element-wise work over a [rows, cols] layout (a flat tensor is one row of all its elements) cut into blocks that the
/// kernel threads (<see cref="KernelWorkers"/>) share when the work is large: the activations, products and sums of a
/// batched step and their rules. A block is a range of whole rows, or, when the rows may not be split (a rule summing
/// a repeated operand's adjoint over them), a range of whole columns taken over every row in row order. The blocks
/// depend only on the layout, never on the thread count, and one thread runs them one after another, so the result
/// is the same bits for any number of threads.
/// </summary>
internal static unsafe class ElementBlocks
{
    /// <summary>Below this much work the call is one block on the calling thread: a hand-off to a worker costs 3–4 µs,
    /// so a split pays from about 10 µs of work. Work is elements × cost, the cost of an element in vectorised adds:
    /// a product or sum of arrays costs 1 (about 0.06 ns an element on one core here), σ and tanh cost 8 (0.4–0.56 ns);
    /// measured in docs/PERFORMANCE.md.</summary>
    public const long MinWork = 1 << 18;

    /// <summary>About this much work per block (half the threshold), so that a worker that joins late still finds
    /// blocks to take.</summary>
    public const long BlockWork = MinWork / 2;

    /// <summary>A column block's width is a multiple of this (64 bytes of float32): every block's row segments are
    /// long enough for the vectorised paths.</summary>
    public const int Align = 16;

    /// <summary>One block: rows [Row0, Row1) × columns [Col0, Col1).</summary>
    public readonly record struct Block(int Row0, int Row1, int Col0, int Col1);

    /// <summary>How the work of a [rows, cols] layout at <paramref name="cost"/> an element is cut: the number of
    /// blocks, and whether they are row ranges.</summary>
    public static (int Count, bool ByRows) Cut(int rows, int cols, bool splitRows, int cost)
    {
        long work = (long)rows * cols * cost;
        if (work < MinWork) return (1, true);
        if (splitRows && rows > 1) return ((int)Math.Min(rows, work / BlockWork), true);
        return ((int)Math.Max(1, Math.Min(cols / Align, work / BlockWork)), false);
    }

    /// <summary>Block <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static Block At(int rows, int cols, int count, bool byRows, int index)
    {
        if (count == 1) return new Block(0, rows, 0, cols);
        if (byRows) return new Block((int)((long)rows * index / count), (int)((long)rows * (index + 1) / count), 0, cols);
        return new Block(0, rows, ColumnStart(cols, count, index), ColumnStart(cols, count, index + 1));
    }

    private static int ColumnStart(int cols, int count, int index) =>
        index == count ? cols : (int)((long)cols * index / count) / Align * Align;

    /// <summary>Runs <paramref name="block"/>(state, b) over the blocks that cover [rows, cols], over up to
    /// <see cref="KernelThreads.Max"/> threads. <paramref name="splitRows"/> false keeps every block's rows whole
    /// (column blocks); <paramref name="cost"/> is an element's cost (<see cref="MinWork"/>).
    /// <paramref name="state"/> must stay valid until it returns.</summary>
    public static void For(int rows, int cols, bool splitRows, int cost, delegate*<void*, Block, void> block, void* state)
    {
        var (count, byRows) = Cut(rows, cols, splitRows, cost);
        if (count == 1)
        {
            block(state, new Block(0, rows, 0, cols));
            return;
        }
        var job = new Job { Work = block, State = state, Rows = rows, Cols = cols, Count = count, ByRows = byRows };
        KernelWorkers.Run(&Run, &job, count, KernelThreads.Max);
    }

    private struct Job
    {
        public delegate*<void*, Block, void> Work;
        public void* State;
        public int Rows, Cols, Count;
        public bool ByRows;
    }

    private static void Run(void* state, int index)
    {
        ref var job = ref *(Job*)state;
        job.Work(job.State, At(job.Rows, job.Cols, job.Count, job.ByRows, index));
    }
}
