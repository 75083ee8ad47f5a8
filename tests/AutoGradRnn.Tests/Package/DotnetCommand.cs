using System.Diagnostics;
using System.Text;

namespace AutoGradRnn.Tests.Package;

/// <summary>What one <c>dotnet</c> command did: its exit code and everything it printed, for failure messages.</summary>
public sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The command, how it ended, and its output (the last 30,000 characters).</summary>
    public string Describe()
    {
        const int Limit = 30_000;
        string output = Output.Length <= Limit ? Output : "…(" + (Output.Length - Limit) + " characters cut)…\n" + Output[^Limit..];
        string ending = TimedOut ? $"killed after {Elapsed.TotalSeconds:F0} s (time limit)" : $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s";
        return $"$ {CommandLine}\n  (in {WorkingDirectory}; {ending})\n{output}";
    }
}

/// <summary>
/// Runs the .NET CLI as a child process with a time limit, stdout and stderr captured together. The child gets
/// the test host's environment without the MSBuild and test-platform variables the test runner set for itself
/// (they would point the child's build at the runner's state), plus the variables given.
/// </summary>
public static class DotnetCommand
{
    public static CommandResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        if (environment is not null)
        {
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }

        var output = new StringBuilder();
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.Append(e.Data).Append('\n');
        }
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        // The output streams close when the last process holding them ends; a stray grandchild must not hang the test.
        Task.Run(() => process.WaitForExit()).Wait(TimeSpan.FromSeconds(30));
        clock.Stop();
        string text;
        lock (output) text = output.ToString();
        string commandLine = "dotnet " + string.Join(" ", arguments.Select(a => a.Contains(' ') ? "\"" + a + "\"" : a));
        return new CommandResult(commandLine, workingDirectory, exited ? process.ExitCode : -1, !exited, clock.Elapsed, text);
    }

    /// <summary>The dotnet host running the tests' own SDK commands (DOTNET_HOST_PATH, set by the CLI), else dotnet on the PATH.</summary>
    private static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
