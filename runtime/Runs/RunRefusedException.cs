namespace AutoGradRnn.Runs;

/// <summary>A run that must not start, or an output it cannot write: an output path that is a device or cannot be
/// created, a checkpoint another run holds or owns, a model too large for the machine. The message is one line that
/// names the option or file and what was expected; the app reports it with exit code 2 before any work is done.</summary>
public sealed class RunRefusedException(string message, Exception? inner = null) : Exception(message, inner);
