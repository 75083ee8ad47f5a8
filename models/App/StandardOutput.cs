using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AutoGradRnn.Models.App;

/// <summary>
/// Standard output as a writer that notices when the reader of a pipe has gone (<c>sample … | head</c>): .NET's console
/// writer ignores a broken pipe, so a command writing to it would go on to the end of its work unread. Writing to the
/// pipe's descriptor directly raises an <see cref="IOException"/> instead, which <see cref="ReaderGone"/> recognises.
/// </summary>
internal static class StandardOutput
{
    /// <summary>A writer straight to descriptor 1 when it is a pipe (Linux), unbuffered so nothing waits in it; else null
    /// (a terminal, a file, Windows: keep the console's writer).</summary>
    public static TextWriter? PipeWriter()
    {
        if (!OperatingSystem.IsLinux() || !Console.IsOutputRedirected) return null;
        try
        {
            if (File.ResolveLinkTarget("/proc/self/fd/1", returnFinalTarget: false)?.Name is not { } target || !target.StartsWith("pipe:", StringComparison.Ordinal))
                return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        Console.Out.Flush();
        var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }

    /// <summary>Whether <paramref name="e"/> is a write to a pipe whose reader has closed it (EPIPE).</summary>
    public static bool ReaderGone(IOException e) => e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);
}
