namespace AutoGradRnn;

/// <summary>
/// Independent per-row work split between the kernel threads (<see cref="KernelWorkers"/>) when the rows are many
/// elements in all: the softmax-family rules over a large vocabulary (PTB: 20 rows of 10,000 logits per step). Each
/// row is computed whole by one thread, so the result never depends on the thread count.
/// </summary>
internal static unsafe class RowParallel
{
    /// <summary>Below this many elements in all, the rows run on the calling thread (the hand-off costs a few µs).</summary>
    public const long MinElements = 1 << 15;

    /// <summary>Runs <paramref name="row"/>(state, r) for r = 0 … rows − 1, over up to <see cref="KernelThreads.Max"/>
    /// threads when rows × cols ≥ <see cref="MinElements"/>. <paramref name="state"/> must stay valid until it returns.</summary>
    public static void For(int rows, int cols, delegate*<void*, int, void> row, void* state)
    {
        int threads = Math.Min(KernelThreads.Max, rows);
        if (threads <= 1 || (long)rows * cols < MinElements)
        {
            for (int r = 0; r < rows; r++) row(state, r);
            return;
        }
        var job = new Job { Row = row, State = state, Rows = rows, Chunks = Math.Min(rows, 4 * threads) };
        KernelWorkers.Run(&Chunk, &job, job.Chunks, threads);
    }

    private struct Job
    {
        public delegate*<void*, int, void> Row;
        public void* State;
        public int Rows, Chunks;
    }

    private static void Chunk(void* state, int chunk)
    {
        ref var job = ref *(Job*)state;
        int start = (int)((long)job.Rows * chunk / job.Chunks), end = (int)((long)job.Rows * (chunk + 1) / job.Chunks);
        for (int r = start; r < end; r++) job.Row(job.State, r);
    }
}
