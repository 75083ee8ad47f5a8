using System.CommandLine;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>show</c>: prints the backward code the generator wrote for a built-in model, exactly as the compiler
/// compiled it. The build copies the generator's output (obj/generated, EmitCompilerGeneratedFiles) into
/// <c>generated/</c> beside the app (see the GeneratedSources target in AutoGradRnn.Models.csproj), and this
/// command prints those files: the model's window loss first, then the cell it calls.
/// </summary>
public static class ShowCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = $"The model: {CharLmRegistry.Names}.", DefaultValueFactory = _ => "lstm", HelpName = "name" };
    private static readonly Option<bool> CellOnly = new("--cell") { Description = "Print only the cell's generated code (one time step)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("show", "Print the generated forward/backward code of a built-in model.");
        command.Options.Add(Model);
        command.Options.Add(CellOnly);
        command.SetAction(r => Cli.Guard(output, error, () => Run(r, output)));
        return command;
    }

    /// <summary>The folder beside the app holding the generated sources.</summary>
    public static string GeneratedDirectory => Path.Combine(AppContext.BaseDirectory, "generated");

    private static int Run(ParseResult r, TextWriter output)
    {
        string name = r.GetValue(Model)!;
        var spec = CharLmRegistry.Find(name) ?? throw new UsageException($"--model: unknown model '{name}'; expected one of {CharLmRegistry.Names}.");
        var files = r.GetValue(CellOnly) ? spec.GeneratedFiles.TakeLast(1) : spec.GeneratedFiles;
        foreach (var file in files)
        {
            var path = Path.Combine(GeneratedDirectory, file);
            if (!File.Exists(path))
                throw new IOException($"the generated source '{file}' is not beside the app in '{GeneratedDirectory}'; build the program again (the models project, or a program referencing the AutoGradRnn.App package, copies the generated sources there).");
            output.WriteLine($"// ===== {file} =====");
            output.Write(File.ReadAllText(path));
            output.WriteLine();
        }
        return ExitCodes.Success;
    }
}
