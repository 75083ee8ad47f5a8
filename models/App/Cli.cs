using System.CommandLine;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Data;

namespace AutoGradRnn.Models.App;

/// <summary>
/// The <c>autogradrnn</c> command line: <c>train</c> (the default when no command is given), <c>gradcheck</c>,
/// <c>sample</c>, <c>show</c>, <c>bench</c>, and the experiments <c>memory</c>, <c>reber</c>, <c>exploding</c> and <c>ptb</c>. Exit codes
/// (<see cref="ExitCodes"/>, also printed by <c>--help</c>): 0 success, 1 the work failed (a check, a diverged run, a final checkpoint
/// not written, out of memory), 2 bad input (an option, a data file, a checkpoint, an output path, sizes too large; one line on
/// standard error, before any work), 3 an internal error, 130/143 stopped by SIGINT/SIGTERM (train writes its checkpoint first).
/// </summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null) => Run(args, null, output, error);

    /// <summary>The command line with the cells <paramref name="configure"/> adds beside the built-in ones, e.g.
    /// <c>Cli.Run(args, cells =&gt; cells.Add&lt;MyCell&gt;("mycell"))</c>: every command that takes a model takes them.</summary>
    public static int Run(string[] args, Action<CharLm.CellCatalog>? configure, TextWriter? output = null, TextWriter? error = null)
    {
        var catalog = CharLm.CellCatalog.BuiltIn();
        configure?.Invoke(catalog);
        using var scope = CharLm.CharLmRegistry.Use(catalog);
        return RunCommands(args, output, error);
    }

    private static int RunCommands(string[] args, TextWriter? output, TextWriter? error)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length == 0) args = ["train"];
        var root = new RootCommand("AutoGradRnn: character-level language models whose backward code is generated at compile time from forward-only C#. With no command, trains the LSTM on the bundled corpus.\n\n" +
                                   "Exit codes: 0 success; 1 the work failed (a gradient check, a diverged run, a final checkpoint not written, out of memory); " +
                                   "2 bad input, refused in one line before any work (an option, a data file, a checkpoint, an output path, sizes too large); " +
                                   "3 an internal error; 130/143 stopped by SIGINT/SIGTERM (train writes its checkpoint first).");
        root.Subcommands.Add(TrainCommand.Create(output, error));
        root.Subcommands.Add(GradCheckCommand.Create(output, error));
        root.Subcommands.Add(SampleCommand.Create(output, error));
        root.Subcommands.Add(ShowCommand.Create(output, error));
        root.Subcommands.Add(BenchCommand.Create(output, error));
        root.Subcommands.Add(MemoryCommand.Create(output, error));
        root.Subcommands.Add(ReberCommand.Create(output, error));
        root.Subcommands.Add(ExplodingCommand.Create(output, error));
        root.Subcommands.Add(PtbCommand.Create(output, error));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var line in ParseErrors.Describe(parsed, root)) error.WriteLine($"autogradrnn: {line}");
            error.WriteLine("Run 'autogradrnn --help' (or 'autogradrnn <command> --help') for the options.");
            return ExitCodes.BadInput;
        }
        if (KernelThreads.EnvironmentProblem is { } problem)
        {
            error.WriteLine($"autogradrnn: {problem}");
            return ExitCodes.BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary><c>--detect-anomaly</c>, on every training command: anomaly mode (<see cref="AnomalyMode"/>) for the run.</summary>
    internal static readonly Option<bool> DetectAnomaly = new("--detect-anomaly")
    {
        Description = "Check every value and gradient for NaN and Inf; stop at the first with its statement, file, line, loop iteration and entry (slower).",
    };

    /// <summary>The body with anomaly mode on when the command line gives <c>--detect-anomaly</c>.</summary>
    internal static int WithAnomalyMode(ParseResult result, Func<int> body)
    {
        using (AnomalyMode.Enable(result.GetValue(DetectAnomaly))) return body();
    }

    /// <summary>Runs a command's body, turning every expected failure into one line on standard error and its exit
    /// code, and anything else into one line and <see cref="ExitCodes.InternalError"/>: never a stack trace.</summary>
    internal static int Guard(TextWriter output, TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException e) { return Fail(error, e.Message); }
        catch (Experiments.Common.ExperimentDivergedException e)
        {
            output.Flush();
            error.WriteLine($"autogradrnn: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (AnomalyException e)
        {
            output.Flush();
            error.WriteLine($"autogradrnn: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (DataException e) { return Fail(error, e.Message); }
        catch (CheckpointException e) { return Fail(error, e.Message); }
        catch (Runs.RunRefusedException e) { return Fail(error, e.Message); }
        catch (OutOfMemoryException)
        {
            output.Flush();
            error.WriteLine($"autogradrnn: out of memory ({Runs.MemoryEstimate.Size(Runs.MemoryEstimate.Available)} available to this process); choose smaller sizes (--hidden, --batch, --seq) or free memory.");
            return ExitCodes.Failed;
        }
        catch (IOException e) { return Fail(error, e.Message); }
        catch (UnauthorizedAccessException e) { return Fail(error, e.Message); }
        catch (Exception e)
        {
            output.Flush();
            error.WriteLine($"autogradrnn: internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>What an experiment stopped by a signal loses: "the memory experiment keeps no checkpoint; its table and
    /// plot come only at the end, so nothing of this run was saved."</summary>
    internal static string NothingSaved(string experiment) =>
        $"the {experiment} experiment keeps no checkpoint; its results are printed and drawn only at the end, so nothing of this run was saved.";

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"autogradrnn: {message}");
        return ExitCodes.BadInput;
    }
}
