namespace AutoGradRnn.Models.App;

/// <summary>The app's exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work ran and failed: a gradient check failed, or training diverged.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: an option, a data file or a checkpoint that cannot be used. Nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>A bug: an exception nobody expected (reported in one line, without a stack trace).</summary>
    public const int InternalError = 3;
}

/// <summary>An option value or combination that makes no sense; the message names the option and what was expected.</summary>
public sealed class UsageException(string message) : Exception(message);
