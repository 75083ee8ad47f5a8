using System.Runtime.InteropServices;

namespace AutoGradRnn.Runs;

/// <summary>
/// Turns the first SIGINT or SIGTERM into a request that a training loop checks between steps (finish the step, write
/// a checkpoint, exit with <see cref="ExitCode"/>, 130 or 143 by the shell's convention), and the second into an
/// immediate exit with that code, after removing the temporary file of any write in flight. While it is alive the
/// signals do not end the process by themselves.
/// </summary>
public sealed class InterruptSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _messages;
    private int _signal; // 0: none yet; else the PosixSignal (negative)

    /// <param name="messages">Where the one-line notices go (standard error).</param>
    public InterruptSignal(TextWriter messages)
    {
        _messages = messages;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Whether a signal arrived: the loop should stop after the current step.</summary>
    public bool Requested => Volatile.Read(ref _signal) != 0;

    /// <summary>The signal's name, <c>SIGINT</c> or <c>SIGTERM</c>, once <see cref="Requested"/>.</summary>
    public string SignalName => Name((PosixSignal)Volatile.Read(ref _signal));

    /// <summary>The conventional exit code once <see cref="Requested"/>: 128 + the signal number (SIGINT 130, SIGTERM 143).</summary>
    public int ExitCode => CodeOf((PosixSignal)Volatile.Read(ref _signal));

    /// <summary>Raises the request as a signal would (the first time); for a loop's own tests.</summary>
    public void Request(PosixSignal signal) => Interlocked.CompareExchange(ref _signal, (int)signal, 0);

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) == 0)
        {
            _messages.WriteLine($"autogradrnn: {Name(context.Signal)}: finishing this step and writing a checkpoint; send it again to stop at once.");
            return;
        }
        Checkpoints.AtomicFile.DeleteTemporaries();
        _messages.WriteLine($"autogradrnn: {Name(context.Signal)} again: stopped at once; the last checkpoint written is kept.");
        _messages.Flush();
        Environment.Exit(CodeOf((PosixSignal)_signal));
    }

    internal static string Name(PosixSignal signal) => signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    internal static int CodeOf(PosixSignal signal) => signal == PosixSignal.SIGTERM ? 143 : 130;

    /// <summary>Gives the signals back their default action (ending the process); safe to call twice.</summary>
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
