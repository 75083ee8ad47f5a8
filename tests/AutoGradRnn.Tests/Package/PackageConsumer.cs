using System.Xml.Linq;

namespace AutoGradRnn.Tests.Package;

/// <summary>
/// A user of the packages, outside this repository: packs the runtime (with the generator inside) and the app
/// (<c>AutoGradRnn.App</c>, the command line as a library) into a local folder feed, makes a fresh console project
/// with <c>dotnet new console</c> in a temporary folder, references both packages from that feed, adds the peephole
/// LSTM and the peephole cell of <c>Package/Consumer/</c>, builds it and runs it (with no arguments the gradient check,
/// with arguments the hosted command line).
/// </summary>
/// <remarks>
/// Everything lives under one temporary folder, deleted afterwards (kept when AUTOGRADRNN_KEEP_PACKAGE_TEST=1):
/// the feed, the pack's build output (<c>--artifacts-path</c>, so nothing is written into the repository), the
/// console project and its own NUGET_PACKAGES folder. The package gets a version no other run uses, so a package
/// cached by an earlier run can never be picked up; the machine's global packages folder is only a fallback for
/// the package's dependencies. Each step runs once, on first use, and the tests of the class share it.
/// </remarks>
public sealed class PackageConsumer : IDisposable
{
    public const string ProjectName = "PeepholeApp";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private readonly Lazy<CommandResult> _pack;
    private readonly Lazy<IReadOnlyList<CommandResult>> _build;
    private readonly Lazy<CommandResult> _run;

    public PackageConsumer()
    {
        Root = Directory.CreateTempSubdirectory("autogradrnn-package-").FullName;
        Version = "0.0.1-packagetest.g" + Guid.NewGuid().ToString("N");
        _pack = new Lazy<CommandResult>(Pack);
        _build = new Lazy<IReadOnlyList<CommandResult>>(CreateAndBuild);
        _run = new Lazy<CommandResult>(RunProgram);
    }

    /// <summary>The temporary folder everything is under.</summary>
    public string Root { get; }

    /// <summary>This run's package version.</summary>
    public string Version { get; }

    public string Feed => Path.Combine(Root, "feed");

    public string ProjectFolder => Path.Combine(Root, ProjectName);

    public string PackagePath => Path.Combine(Feed, $"AutoGradRnn.{Version}.nupkg");

    public string AppPackagePath => Path.Combine(Feed, $"AutoGradRnn.App.{Version}.nupkg");

    /// <summary><c>dotnet pack runtime -c Release</c>, then <c>dotnet pack models -c Release</c>, into the feed.</summary>
    public CommandResult PackResult => _pack.Value;

    /// <summary><c>dotnet new console</c> and <c>dotnet build</c> of the consumer, in that order (only the first when it failed).</summary>
    public IReadOnlyList<CommandResult> BuildResults => _build.Value;

    /// <summary>The built program, run.</summary>
    public CommandResult RunResult => _run.Value;

    private CommandResult Pack()
    {
        CommandResult PackProject(string project) => DotnetCommand.Run(RepositoryRoot.Path, PackTimeout, null,
            "pack", Path.Combine(RepositoryRoot.Path, project), "-c", "Release",
            "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:Version=" + Version,
            "-nodeReuse:false", "-p:UseSharedCompilation=false");
        var runtime = PackProject(Path.Combine("runtime", "AutoGradRnn.csproj"));
        return runtime.Succeeded ? PackProject(Path.Combine("models", "AutoGradRnn.Models.csproj")) : runtime;
    }

    private IReadOnlyList<CommandResult> CreateAndBuild()
    {
        if (!PackResult.Succeeded) throw new InvalidOperationException("The pack failed, so there is no package to use:\n" + PackResult.Describe());
        var create = DotnetCommand.Run(Root, NewTimeout, null, "new", "console", "-n", ProjectName, "-o", ProjectFolder, "--no-restore", "--no-update-check");
        if (!create.Succeeded) return [create];

        AddPackageReference(Path.Combine(ProjectFolder, ProjectName + ".csproj"));
        File.WriteAllText(Path.Combine(ProjectFolder, "nuget.config"), NuGetConfig());
        foreach (var source in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests", "AutoGradRnn.Tests", "Package", "Consumer"), "*.cs"))
            File.Copy(source, Path.Combine(ProjectFolder, Path.GetFileName(source)), overwrite: true);

        var build = DotnetCommand.Run(ProjectFolder, BuildTimeout, Isolated(), "build", "-c", "Debug", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        return [create, build];
    }

    private CommandResult RunProgram()
    {
        var build = BuildResults[^1];
        if (!build.Succeeded) throw new InvalidOperationException("The consumer did not build:\n" + string.Join("\n", BuildResults.Select(r => r.Describe())));
        var program = Path.Combine(ProjectFolder, "bin", "Debug", "net10.0", ProjectName + ".dll");
        return DotnetCommand.Run(ProjectFolder, RunTimeout, Isolated(), program);
    }

    /// <summary>The built program run with <paramref name="args"/>: the command line it hosts.</summary>
    public CommandResult RunHosted(params string[] args)
    {
        var build = BuildResults[^1];
        if (!build.Succeeded) throw new InvalidOperationException("The consumer did not build:\n" + string.Join("\n", BuildResults.Select(r => r.Describe())));
        var program = Path.Combine(ProjectFolder, "bin", "Debug", "net10.0", ProjectName + ".dll");
        return DotnetCommand.Run(ProjectFolder, RunTimeout, Isolated(), [program, .. args]);
    }

    /// <summary>The project as the docs say: a PackageReference, warnings as errors, and the generated files on disk.</summary>
    private void AddPackageReference(string csproj)
    {
        var project = XDocument.Load(csproj);
        var root = project.Root!;
        root.Add(new XElement("PropertyGroup",
            new XElement("TreatWarningsAsErrors", "true"),
            new XElement("EmitCompilerGeneratedFiles", "true")));
        root.Add(new XElement("ItemGroup",
            new XElement("PackageReference", new XAttribute("Include", "AutoGradRnn"), new XAttribute("Version", Version)),
            new XElement("PackageReference", new XAttribute("Include", "AutoGradRnn.App"), new XAttribute("Version", Version))));
        project.Save(csproj);
    }

    /// <summary>The local feed added to the package sources the machine uses (read from the user's NuGet.Config, which
    /// also applies by itself); the machine's global packages folder as a read-only fallback for dependencies.</summary>
    private string NuGetConfig()
    {
        var sources = new XElement("packageSources", new XElement("add", new XAttribute("key", "autogradrnn-local"), new XAttribute("value", Feed)));
        foreach (var add in MachineSources()) sources.Add(add);
        var config = new XElement("configuration", sources);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(machinePackages))
            config.Add(new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages))));
        return new XDocument(config).ToString();
    }

    private static IEnumerable<XElement> MachineSources()
    {
        string path = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "NuGet", "NuGet.Config")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        var adds = File.Exists(path)
            ? XDocument.Load(path).Root?.Element("packageSources")?.Elements("add").Select(a => new XElement(a)).ToList() ?? []
            : [];
        if (adds.Count == 0) adds.Add(new XElement("add", new XAttribute("key", "nuget.org"), new XAttribute("value", "https://api.nuget.org/v3/index.json")));
        return adds;
    }

    private Dictionary<string, string> Isolated() => new() { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("AUTOGRADRNN_KEEP_PACKAGE_TEST") == "1") return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
