using System.Runtime.ExceptionServices;

namespace AutoGradRnn;

/// <summary>
/// The runtime's own worker threads for splitting one kernel call: <see cref="Environment.ProcessorCount"/> − 1 of
/// them, started on the first call that asks for more than one part and kept for the life of the process. An idle
/// worker blocks on its event (it never spins), so it costs nothing between products; waking one costs a few
/// microseconds, which is why only large products are split (<see cref="Gemm"/>).
/// </summary>
/// <remarks>
/// A call runs part 0 on the calling thread and part w on worker w, then waits for them. The work is described by
/// a function pointer and a pointer to the caller's stack, so a call allocates nothing. One call at a time owns the
/// workers; a concurrent caller (another thread) runs all its parts itself, which gives the same result, since a
/// part's result never depends on which thread runs it.
/// </remarks>
internal static unsafe class KernelWorkers
{
    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim Done = new(false, spinCount: 20);
    private static ManualResetEventSlim[]? _go;
    private static delegate*<void*, int, void> _work;
    private static void* _state;
    private static int _remaining;
    private static Exception? _failure;

    /// <summary>The most parts a call can run at once: the calling thread and every worker.</summary>
    public static int MaxParts => Environment.ProcessorCount;

    /// <summary>Runs work(state, part) for part = 0 … parts − 1, in parallel where workers are free, and returns when all
    /// are done. <paramref name="state"/> must stay valid until then (the caller's stack is).</summary>
    public static void Run(delegate*<void*, int, void> work, void* state, int parts)
    {
        if (parts <= 1 || parts > MaxParts || !Monitor.TryEnter(Gate))
        {
            for (int part = 0; part < parts; part++) work(state, part);
            return;
        }
        try
        {
            var go = _go ??= StartWorkers();
            _work = work;
            _state = state;
            _failure = null;
            Volatile.Write(ref _remaining, parts - 1);
            Done.Reset();
            for (int worker = 1; worker < parts; worker++) go[worker - 1].Set();
            work(state, 0);
            Done.Wait();
            if (_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static ManualResetEventSlim[] StartWorkers()
    {
        var go = new ManualResetEventSlim[MaxParts - 1];
        for (int i = 0; i < go.Length; i++)
        {
            go[i] = new ManualResetEventSlim(false, spinCount: 0);
            int part = i + 1;
            var thread = new Thread(() => WorkerLoop(go[part - 1], part))
            {
                IsBackground = true,
                Name = $"AutoGradRnn kernel worker {part}",
            };
            thread.Start();
        }
        return go;
    }

    private static void WorkerLoop(ManualResetEventSlim go, int part)
    {
        while (true)
        {
            go.Wait();
            go.Reset();
            try
            {
                _work(_state, part);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            if (Interlocked.Decrement(ref _remaining) == 0) Done.Set();
        }
    }
}
