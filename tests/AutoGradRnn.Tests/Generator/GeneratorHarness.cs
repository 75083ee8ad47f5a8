using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Runs the generator on source text with CSharpGeneratorDriver, and compiles what it emitted.</summary>
public sealed class GeneratorHarness
{
    /// <summary>The framework and the runtime, for compilations of test sources.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    private GeneratorHarness(GeneratorDriver driver, CSharpCompilation input, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        Driver = driver;
        Input = input;
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    public GeneratorDriver Driver { get; }

    public CSharpCompilation Input { get; }

    public Compilation Output { get; }

    /// <summary>What the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Errors and warnings of compiling the user's code together with the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public IReadOnlyList<(string HintName, string Text)> Generated =>
        Driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Subject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Subject{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorHarness Run(params string[] sources) => Run(Compile(sources));

    public static GeneratorHarness Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorHarness(driver, compilation, output, diagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Tensor).Assembly.Location);
        return paths.Where(File.Exists).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
