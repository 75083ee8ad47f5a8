using System.Runtime.ExceptionServices;

namespace AutoGradRnn;

/// <summary>
/// The runtime's own worker threads for splitting one kernel call: <see cref="Environment.ProcessorCount"/> − 1 of
/// them, started on the first call that asks for more than one thread and kept for the life of the process. An idle
/// worker blocks on its event (it never spins), so it costs nothing between products.
/// </summary>
/// <remarks>
/// A call is cut into chunks that the calling thread and the woken workers take in turn from a shared counter. The
/// caller starts at once; a worker joins when the scheduler runs it, which on a busy machine may be after the caller
/// has taken every chunk, and then the call costs the caller little more than the wake-up signal. The caller returns
/// once every chunk is done and no worker is inside the call. The work is a function pointer and a pointer to the
/// caller's stack, so a call allocates nothing. One call at a time owns the workers; a concurrent caller (another
/// thread) runs its chunks itself. A chunk's result never depends on the thread that runs it, so neither does the
/// call's.
/// </remarks>
internal static unsafe class KernelWorkers
{
    private static readonly object Gate = new();
    private static ManualResetEventSlim[]? _go;
    private static delegate*<void*, int, void> _work;
    private static void* _state;
    private static int _chunks, _next, _open, _inside;
    private static Exception? _failure;

    /// <summary>The most threads a call can use: the calling thread and every worker.</summary>
    public static int MaxThreads => Environment.ProcessorCount;

    /// <summary>Runs work(state, chunk) for chunk = 0 … chunks − 1 on the calling thread and up to
    /// <paramref name="threads"/> − 1 workers, and returns when all are done. <paramref name="state"/> must stay valid
    /// until then (the caller's stack is).</summary>
    public static void Run(delegate*<void*, int, void> work, void* state, int chunks, int threads)
    {
        threads = Math.Min(threads, Math.Min(chunks, MaxThreads));
        if (threads <= 1 || !Monitor.TryEnter(Gate))
        {
            for (int chunk = 0; chunk < chunks; chunk++) work(state, chunk);
            return;
        }
        try
        {
            var go = _go ??= StartWorkers();
            _work = work;
            _state = state;
            _chunks = chunks;
            _next = 0;
            _failure = null;
            Volatile.Write(ref _open, 1);
            for (int worker = 0; worker < threads - 1; worker++) go[worker].Set();
            TakeChunks();
            // Close the call, then wait for the workers that joined it to finish their last chunk.
            Interlocked.Exchange(ref _open, 0);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _inside) != 0) spin.SpinOnce(sleep1Threshold: -1);
            if (_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void TakeChunks()
    {
        int chunks = _chunks;
        for (int chunk = Interlocked.Increment(ref _next) - 1; chunk < chunks; chunk = Interlocked.Increment(ref _next) - 1)
        {
            try
            {
                _work(_state, chunk);
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }
    }

    private static ManualResetEventSlim[] StartWorkers()
    {
        var go = new ManualResetEventSlim[MaxThreads - 1];
        for (int i = 0; i < go.Length; i++)
        {
            var signal = go[i] = new ManualResetEventSlim(false, spinCount: 0);
            var thread = new Thread(() => WorkerLoop(signal))
            {
                IsBackground = true,
                Name = $"AutoGradRnn kernel worker {i + 1}",
            };
            thread.Start();
        }
        return go;
    }

    private static void WorkerLoop(ManualResetEventSlim go)
    {
        // The worker's scratch memory now, not in the first chunk it happens to take: that may be late in a run
        // (on a busy machine the caller often takes every chunk itself), and a warm step must allocate nothing.
        KernelBuffer.ForThisThread();
        while (true)
        {
            go.Wait();
            go.Reset();
            // Counted as inside before looking: a caller that has closed its call either sees this worker and waits
            // for it, or this worker sees the call closed and takes nothing.
            Interlocked.Increment(ref _inside);
            if (Volatile.Read(ref _open) == 1) TakeChunks();
            Interlocked.Decrement(ref _inside);
        }
    }
}
