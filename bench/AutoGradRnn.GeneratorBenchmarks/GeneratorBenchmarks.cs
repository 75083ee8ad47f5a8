using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator;

namespace AutoGradRnn.GeneratorBenchmarks;

/// <summary>
/// The generator on <see cref="SyntheticProject"/> (50 [Differentiable] methods, cells with loops), as the compiler and
/// the IDE drive it through <see cref="CSharpGeneratorDriver"/>:
/// <list type="bullet">
/// <item><see cref="FullRun"/>: a new driver on the whole project, what a command-line build does;</item>
/// <item><see cref="IncrementalRunAfterOneCharacterEdit"/>: a driver that has already run, given the project with one
/// character of one method body changed (0.5 → 0.6), what the IDE does on a keystroke;</item>
/// <item><see cref="IncrementalRunWithoutChange"/>: the same driver given the same project again, the floor.</item>
/// </list>
/// Each incremental benchmark starts from the same warm driver (drivers are immutable), so every invocation measures
/// one transition.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _project = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    /// <summary>The project with the one-character edit (after <see cref="Setup"/>).</summary>
    public CSharpCompilation Edited => _edited;

    [GlobalSetup]
    public void Setup()
    {
        _project = Project();
        var first = _project.SyntaxTrees.First(t => t.FilePath == "Model0.cs");
        string text = first.GetText().ToString();
        int at = text.IndexOf(SyntheticProject.EditedLiteral, StringComparison.Ordinal);
        string edited = text.Substring(0, at) + "0.6" + text.Substring(at + 3);
        _edited = _project.ReplaceSyntaxTree(first, CSharpSyntaxTree.ParseText(edited, ParseOptions, path: first.FilePath));
        _warm = NewDriver().RunGeneratorsAndUpdateCompilation(_project, out var output, out _);
        Check(_warm, "the project");
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The synthetic project does not compile: " + string.Join("; ", errors.Take(5)));
        Check(_warm.RunGenerators(_edited), "the edited project");
    }

    [Benchmark]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_project);

    [Benchmark]
    public GeneratorDriver IncrementalRunAfterOneCharacterEdit() => _warm.RunGenerators(_edited);

    [Benchmark]
    public GeneratorDriver IncrementalRunWithoutChange() => _warm.RunGenerators(_project);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new DifferentiableGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    /// <summary>The project must be what it claims: 50 generated methods and a container, and not one diagnostic.</summary>
    private static void Check(GeneratorDriver driver, string what)
    {
        var result = driver.GetRunResult();
        int sources = result.Results.Sum(r => r.GeneratedSources.Length);
        if (result.Diagnostics.Length > 0 || sources != 5 * SyntheticProject.Files + 1)
            throw new InvalidOperationException($"The generator on {what}: {sources} files, diagnostics: {string.Join("; ", result.Diagnostics)}");
    }

    public static CSharpCompilation Project()
    {
        var trees = Enumerable.Range(0, SyntheticProject.Files)
            .Select(f => CSharpSyntaxTree.ParseText(SyntheticProject.File(f), ParseOptions, path: $"Model{f}.cs"))
            .Append(CSharpSyntaxTree.ParseText(SyntheticProject.Weights, ParseOptions, path: "Weights.cs"));
        return CSharpCompilation.Create("Synthetic", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static ImmutableArray<MetadataReference> References()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Tensor).Assembly.Location);
        return [.. paths.Where(File.Exists).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
