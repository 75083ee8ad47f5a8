using System.Globalization;

namespace AutoGradRnn;

/// <summary>
/// How many threads one large matrix product may use (the calling thread and the runtime's own workers). Products
/// too small to gain from a second thread always run on one. Results are bit-identical whatever this is set to, so a
/// run trained with two threads resumes exactly with one, and the reverse.
/// </summary>
public static class KernelThreads
{
    /// <summary>The environment variable read at start-up: a positive number of threads (1 forces one thread).</summary>
    public const string EnvironmentVariable = "AUTOGRADRNN_THREADS";

    private static int _max = FromEnvironment();

    /// <summary>The most threads a product may use: at start-up, <see cref="EnvironmentVariable"/> if set, else
    /// <see cref="Environment.ProcessorCount"/>. Values above the processor count act as the processor count.</summary>
    public static int Max
    {
        get => Volatile.Read(ref _max);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _max, value);
        }
    }

    private static int FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : Environment.ProcessorCount;
    }
}
