using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>The app (or the fault-injection host) in a process of its own, for what only a real process shows: a crash,
/// a signal, a lock held by another process. Its output is collected as it comes, so a test can wait for a line.</summary>
internal sealed class ChildApp : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new(), _error = new();

    private ChildApp(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>autogradrnn</c> with <paramref name="args"/>.</summary>
    public static ChildApp App(string workingDirectory, params string[] args) => Start("autogradrnn.dll", workingDirectory, args);

    /// <summary>Starts the fault-injection host: <paramref name="fault"/> is <c>stage:write:action</c> (see its Program.cs).</summary>
    public static ChildApp WithFault(string fault, string workingDirectory, params string[] args) =>
        Start("AutoGradRnn.FaultHost.dll", workingDirectory, [fault, .. args]);

    /// <summary>Starts <c>autogradrnn</c> with <paramref name="args"/> and the environment variable <paramref name="name"/>
    /// set to <paramref name="value"/>.</summary>
    public static ChildApp AppWith(string name, string value, string workingDirectory, params string[] args) =>
        Start("autogradrnn.dll", workingDirectory, args, (name, value));

    private static ChildApp Start(string dll, string workingDirectory, string[] args, (string Name, string Value)? variable = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        if (variable is var (name, value)) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        return new ChildApp(Process.Start(start)!);
    }

    public int Id => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Waits until standard output or error contains <paramref name="text"/>.</summary>
    public void WaitFor(string text, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal) && !Error.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > (timeout ?? TimeSpan.FromMinutes(2)))
                Assert.Fail($"'{text}' never came (exited: {_process.HasExited}).\nstdout:\n{Output}\nstderr:\n{Error}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the exit and returns the code (the output is complete then).</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        Assert.True(_process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)), $"the process did not exit.\nstdout:\n{Output}\nstderr:\n{Error}");
        _process.WaitForExit(); // drains the asynchronous readers
        return _process.ExitCode;
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public const int SIGINT = 2, SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
