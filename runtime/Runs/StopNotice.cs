using System.Runtime.InteropServices;

namespace AutoGradRnn.Runs;

/// <summary>
/// For a job that keeps nothing it could save on the way (an experiment whose table and picture come at the end): the
/// first SIGINT or SIGTERM says in one line what is lost and exits at once with 130 or 143, instead of ending silently.
/// A job with a checkpoint uses <see cref="InterruptSignal"/> instead.
/// </summary>
public static class StopNotice
{
    /// <summary>Runs <paramref name="body"/> with the notice in place; <paramref name="lost"/> completes
    /// "autogradrnn: SIGINT: stopped; …".</summary>
    public static T Around<T>(TextWriter messages, string lost, Func<T> body)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            messages.WriteLine($"autogradrnn: {InterruptSignal.Name(context.Signal)}: stopped; {lost}");
            messages.Flush();
            Environment.Exit(InterruptSignal.CodeOf(context.Signal));
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        return body();
    }
}
