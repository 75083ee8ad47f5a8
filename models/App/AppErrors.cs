namespace AutoGradRnn.Models.App;

/// <summary>The app's exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work ran and failed: a gradient check failed, training diverged, the final checkpoint could not be
    /// written, or the machine ran out of memory.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: an option, a data file, a checkpoint, an output path or sizes that cannot be used; refused
    /// before any work. (SIGINT and SIGTERM end a run with 130 and 143, <see cref="Runs.InterruptSignal"/>.)</summary>
    public const int BadInput = 2;
    /// <summary>A bug: an exception nobody expected (reported in one line, without a stack trace).</summary>
    public const int InternalError = 3;
}

/// <summary>An option value or combination that makes no sense; the message names the option and what was expected.</summary>
public sealed class UsageException(string message) : Exception(message);
