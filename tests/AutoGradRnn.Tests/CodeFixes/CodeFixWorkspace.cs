using System.Collections.Immutable;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using AutoGradRnn.CodeFixes;
using AutoGradRnn.Generator;
using AutoGradRnn.Tests.Generator;

namespace AutoGradRnn.Tests.CodeFixes;

/// <summary>A project of test sources in an AdhocWorkspace, with the generator as its analyzer (as the package adds
/// it), on which the code fixes are offered and applied as an IDE applies them.</summary>
public sealed class CodeFixWorkspace : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();

    public CodeFixWorkspace(params string[] sources)
    {
        var id = ProjectId.CreateNewId();
        var info = ProjectInfo.Create(id, VersionStamp.Default, "Subject", "Subject", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: GeneratorHarness.References,
            analyzerReferences: [new GeneratorReference()]);
        var solution = _workspace.CurrentSolution.AddProject(info);
        for (int i = 0; i < sources.Length; i++)
            solution = solution.AddDocument(DocumentId.CreateNewId(id), $"Subject{i}.cs", SourceText.From(sources[i]), filePath: $"Subject{i}.cs");
        Assert.True(_workspace.TryApplyChanges(solution));
    }

    public Project Project => _workspace.CurrentSolution.Projects.Single();

    public Document Document(int index) => Project.Documents.Single(d => d.Name == $"Subject{index}.cs");

    /// <summary>Every document's text, in order: what is compiled after a fix.</summary>
    public string[] Sources() =>
        Project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.GetTextAsync().Result.ToString()).ToArray();

    /// <summary>The AGR003 diagnostics the generator reports on the documents, located in the workspace's trees.</summary>
    public async Task<IReadOnlyList<Diagnostic>> Agr003Async()
    {
        var run = GeneratorHarness.Run(Sources());
        var result = new List<Diagnostic>();
        foreach (var d in run.GeneratorDiagnostics.Where(d => d.Id == AddDerivativeRuleFix.DiagnosticId))
        {
            var document = Project.Documents.Single(doc => doc.FilePath == d.Location.GetLineSpan().Path);
            var tree = await document.GetSyntaxTreeAsync();
            result.Add(Diagnostic.Create(d.Descriptor, Location.Create(tree!, d.Location.SourceSpan)));
        }
        return result;
    }

    /// <summary>The fixes offered for <paramref name="diagnostic"/>.</summary>
    public async Task<IReadOnlyList<CodeAction>> FixesAsync(Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var document = Project.GetDocument(diagnostic.Location.SourceTree!)!;
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new AddDerivativeRuleFix().RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>The refactorings offered at the first occurrence of <paramref name="marker"/> in document <paramref name="index"/>.</summary>
    public async Task<IReadOnlyList<CodeAction>> RefactoringsAsync(int index, string marker)
    {
        var document = Document(index);
        var text = (await document.GetTextAsync()).ToString();
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, marker + " is not in the source");
        var actions = new List<CodeAction>();
        var context = new CodeRefactoringContext(document, new TextSpan(at, 0), actions.Add, CancellationToken.None);
        await new EjectBackwardRefactoring().ComputeRefactoringsAsync(context);
        return actions;
    }

    /// <summary>Applies <paramref name="action"/> to the workspace, as the IDE does.</summary>
    public async Task ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        Assert.True(_workspace.TryApplyChanges(apply.ChangedSolution));
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>Runs the generator on <paramref name="sources"/>, asserts that it reports nothing and that the result
    /// compiles with no warning but <paramref name="allowedWarnings"/>, and loads the assembly.</summary>
    public static CompiledSubject Compile(string[] sources, params string[] allowedWarnings)
    {
        var run = GeneratorHarness.Run(sources);
        string all = string.Join("\n// ----\n", sources);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, string.Join("\n", run.GeneratorDiagnostics) + "\n" + all);
        var problems = run.CompilationProblems.Where(d => !allowedWarnings.Contains(d.Id)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + all);
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics) + "\n" + all);
        stream.Position = 0;
        var context = new AssemblyLoadContext("codefix", isCollectible: true);
        return new CompiledSubject(run, context, context.LoadFromStream(stream));
    }

    /// <summary>The generator as an analyzer reference, as a package reference adds it.</summary>
    private sealed class GeneratorReference : AnalyzerReference
    {
        private static readonly ImmutableArray<ISourceGenerator> Generators = [new DifferentiableGenerator().AsSourceGenerator()];

        public override string? FullPath => null;

        public override object Id => "AutoGradRnn.Generator";

        public override string Display => "AutoGradRnn.Generator";

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => [];

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => [];

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => Generators;

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => Generators;
    }
}

/// <summary>A compiled and loaded test subject; unloads on dispose.</summary>
public sealed class CompiledSubject(GeneratorHarness run, AssemblyLoadContext context, System.Reflection.Assembly assembly) : IDisposable
{
    public GeneratorHarness Run { get; } = run;

    public System.Reflection.Assembly Assembly { get; } = assembly;

    /// <summary>The generated text of one file, by the end of its hint name.</summary>
    public string Generated(string hintEnd) => Run.Generated.Single(g => g.HintName.EndsWith(hintEnd, StringComparison.Ordinal)).Text;

    /// <summary>Calls the static method <paramref name="type"/>.<paramref name="method"/> (a generated MFunction) and returns the handle.</summary>
    public IDifferentiableFunction Handle(string type, string method, params object[] arguments) =>
        (IDifferentiableFunction)Method(type, method).Invoke(null, arguments)!;

    /// <summary>A static method of a type of the assembly; a generic type is constructed with int arguments.</summary>
    private System.Reflection.MethodInfo Method(string type, string method)
    {
        var t = Assembly.GetType(type) ?? throw new InvalidOperationException("no type " + type);
        if (t.IsGenericTypeDefinition) t = t.MakeGenericType(t.GetGenericArguments().Select(_ => typeof(int)).ToArray());
        return t.GetMethod(method, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            ?? throw new InvalidOperationException("no method " + method + " in " + type);
    }

    /// <summary>Calls <paramref name="method"/> with arguments made for its parameter types: a random float64 vector
    /// of length <paramref name="length"/> per Tensor, 0.4 per double, 2 per int; then checks every entry.</summary>
    public GradientCheckResult CheckEvery(string type, string method, int length = 3, ulong seed = 11)
    {
        var m = Method(type, method);
        var rng = new Rng(seed);
        var arguments = m.GetParameters().Select(p => p.ParameterType == typeof(Tensor) ? Init.Normal(rng, DType.Float64, 0, 0.7, length)
            : p.ParameterType == typeof(double) ? 0.4 : p.ParameterType == typeof(int) ? (object)2 : throw new InvalidOperationException(p.ParameterType.Name)).ToArray();
        var handle = (IDifferentiableFunction)m.Invoke(null, arguments)!;
        return GradientChecker.Check(handle, GradientCheckOptions.Default with { CheckEveryEntry = true });
    }

    public void Dispose() => context.Unload();
}
