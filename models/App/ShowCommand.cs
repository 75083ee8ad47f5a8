using System.CommandLine;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Models.App.SideBySide;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>show</c>: prints the backward code the generator wrote for a built-in model, exactly as the compiler
/// compiled it. The build copies the generator's output (obj/generated, EmitCompilerGeneratedFiles) into
/// <c>generated/</c> beside the app (see the GeneratedSources target in AutoGradRnn.Models.csproj), and this
/// command prints those files: the model's window loss first, then the cell it calls. With <c>--html FILE</c> it writes
/// the same files as one side-by-side page instead (<see cref="SideBySidePage"/>).
/// </summary>
public static class ShowCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = $"The model: {CharLmRegistry.Names}.", DefaultValueFactory = _ => "lstm", HelpName = "name" };
    private static readonly Option<string?> CellOnly = new("--cell") { Description = "Only the cell's generated code (one time step): the model's cell, or the cell named.", Arity = ArgumentArity.ZeroOrOne, HelpName = "name" };
    private static readonly Option<string?> Html = new("--html") { Description = "Write a self-contained HTML page of the forward methods beside their generated backward, each statement linked to its adjoint block, instead of printing.", HelpName = "file" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("show", "Print the generated forward/backward code of a built-in model, or write it as a side-by-side page (--html).");
        command.Options.Add(Model);
        command.Options.Add(CellOnly);
        command.Options.Add(Html);
        command.SetAction(r => Cli.Guard(output, error, () => Run(r, output)));
        return command;
    }

    /// <summary>The folder beside the app holding the generated sources.</summary>
    public static string GeneratedDirectory => Path.Combine(AppContext.BaseDirectory, "generated");

    private static int Run(ParseResult r, TextWriter output)
    {
        string name = r.GetValue(Model)!;
        var spec = CharLmRegistry.Find(name) ?? throw new UsageException($"--model: unknown model '{name}'; expected one of {CharLmRegistry.Names}.");
        bool cellOnly = r.GetResult(CellOnly) is not null;
        if (r.GetValue(CellOnly) is { } cellName)
            spec = CharLmRegistry.Find(cellName) ?? throw new UsageException($"--cell: unknown cell '{cellName}'; expected one of {CharLmRegistry.Names}.");
        if (r.GetValue(Html) is { } page) return WritePage(spec, cellOnly, page, output);
        var files = cellOnly ? spec.GeneratedFiles.TakeLast(1) : spec.GeneratedFiles;
        foreach (var file in files)
        {
            output.WriteLine($"// ===== {file} =====");
            output.Write(Read(file));
            output.WriteLine();
        }
        return ExitCodes.Success;
    }

    private static int WritePage(CharLmSpec spec, bool cellOnly, string path, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("--html: expected the page's file name, e.g. --html show.html.");
        Runs.OutputPreflight.Check(path, "--html");
        var sections = ModelPage.Sections(spec, cellOnly, Read);
        string title = cellOnly ? $"{spec.Name} cell: forward and generated backward" : $"{spec.Name} char-LM: forward and generated backward";
        string html = SideBySidePage.Render(title, sections);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(html);
        });
        int statements = sections.Sum(s => s.Listing.Forward.Count);
        int blocks = sections.Sum(s => s.Listing.AdjointBlocks().Count());
        output.WriteLine($"wrote {path}: {sections.Count} method{(sections.Count == 1 ? "" : "s")}, {statements} forward statements, {blocks} adjoint blocks.");
        return ExitCodes.Success;
    }

    private static string Read(string file)
    {
        var path = Path.Combine(GeneratedDirectory, file);
        if (!File.Exists(path))
            throw new IOException($"the generated source '{file}' is not beside the app in '{GeneratedDirectory}'; build the program again (the models project, or a program referencing the AutoGradRnn.App package, copies the generated sources there).");
        return File.ReadAllText(path);
    }
}
