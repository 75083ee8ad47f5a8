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

    /// <summary>What is wrong with <see cref="EnvironmentVariable"/> when it is set but is not a positive whole number
    /// (the runtime then uses every processor, as when it is unset); null when it is unset or valid. A program that
    /// takes its settings from the environment can refuse to start on it (the <c>autogradrnn</c> app exits 2).</summary>
    public static string? EnvironmentProblem { get; } = Problem(Environment.GetEnvironmentVariable(EnvironmentVariable));

    private static int FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Environment.ProcessorCount;

    private static int? Parse(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : null;

    internal static string? Problem(string? text) => text is null || Parse(text) is not null ? null
        : $"{EnvironmentVariable}='{text}': expected a positive whole number of threads (or leave it unset to use every processor).";
}
