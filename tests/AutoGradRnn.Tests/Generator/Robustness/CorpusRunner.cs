using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator;

namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// Runs the generator on one corpus case as the compiler would (CSharpGeneratorDriver over the case and
/// <see cref="CorpusSupport"/>) and lists every way it misbehaved:
/// <list type="bullet">
/// <item>it threw (the run result's Exception, CS8784/CS8785) or reported AGR010 (an exception it caught);</item>
/// <item>a diagnostic of its own lies outside every [Differentiable]/[Parameters] declaration of the case (the type
/// name of an enclosing type counts as inside, for AGR007);</item>
/// <item>the input has no errors, yet the generated files have errors or warnings, or a marked declaration got
/// neither code nor a diagnostic;</item>
/// <item>the input has errors, and the generated files add errors the input does not explain: every error in a
/// generated file must come with an error of the compiler or of the generator inside a marked declaration;</item>
/// <item>for a <see cref="CorpusCase.Runnable"/> method the generator accepted: the generated forward computes other
/// outputs than the method itself (bit for bit), or its gradient fails the float64 gradient check, whose finite
/// differences are taken of the method;</item>
/// <item>a case marked <see cref="CorpusCase.MustAccept"/> is rejected, or one with an <see cref="CorpusCase.ExpectedId"/>
/// lacks that diagnostic at its expected span.</item>
/// </list>
/// </summary>
public static class CorpusRunner
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilation Base = CSharpCompilation.Create(
        "Corpus",
        [CSharpSyntaxTree.ParseText(CorpusSupport.Source, ParseOptions, path: "Support.cs")],
        GeneratorHarness.References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public sealed record Outcome(
        CorpusCase Case,
        IReadOnlyList<Diagnostic> InputErrors,
        IReadOnlyList<Diagnostic> GeneratorDiagnostics,
        IReadOnlyList<Diagnostic> GeneratedProblems,
        IReadOnlyList<(string HintName, string Text)> Generated,
        IReadOnlyList<string> Violations)
    {
        public bool Accepted => !GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

        public string Describe()
        {
            var lines = new List<string> { $"case {Case}:" };
            lines.AddRange(Violations.Take(6).Select(v => "  ✗ " + v));
            if (Violations.Count > 6) lines.Add($"  ✗ … and {Violations.Count - 6} more");
            lines.Add("  input errors: " + (InputErrors.Count == 0 ? "none" : string.Join("; ", InputErrors.Take(5).Select(Format))));
            lines.Add("  generator: " + (GeneratorDiagnostics.Count == 0 ? "no diagnostics" : string.Join("; ", GeneratorDiagnostics.Take(5).Select(Format))));
            lines.Add("  generated: " + string.Join(", ", Generated.Select(g => g.HintName)));
            lines.Add("  source:\n" + Case.Source);
            return string.Join("\n", lines);
        }
    }

    public static string Format(Diagnostic d) =>
        $"{d.Id} at {d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    public static Outcome Run(CorpusCase corpusCase)
    {
        var violations = new List<string>();
        var tree = CSharpSyntaxTree.ParseText(corpusCase.Source, ParseOptions, path: "Case.cs");
        var input = Base.AddSyntaxTrees(tree);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DifferentiableGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult();

        foreach (var run in result.Results)
        {
            if (run.Exception is not null) violations.Add("the generator threw " + run.Exception);
        }
        foreach (var d in driverDiagnostics.Where(d => d.Id is "CS8784" or "CS8785" || d.Id.StartsWith("AD", StringComparison.Ordinal)))
            violations.Add("generator failure " + Format(d));
        var generatorDiagnostics = result.Diagnostics.Where(d => d.Id.StartsWith("AGR", StringComparison.Ordinal)).ToList();
        foreach (var d in generatorDiagnostics.Where(d => d.Id == "AGR010")) violations.Add("internal error " + Format(d));

        var targets = Targets(tree, input.GetSemanticModel(tree));
        if (targets.Count == 0) violations.Add("the case marks nothing [Differentiable] or [Parameters] (a corpus mistake)");
        foreach (var d in generatorDiagnostics)
        {
            var span = d.Location.GetLineSpan();
            bool inside = span.Path == "Case.cs" && targets.Any(t => t.Allowed.Any(a => a.Contains(d.Location.SourceSpan)));
            bool support = span.Path == "Support.cs";
            if (support) violations.Add("a diagnostic in the support file " + Format(d));
            else if (!inside) violations.Add("a diagnostic outside the marked declarations " + Format(d));
        }

        // The input's own errors once the generated files are in: a cell's type implements IRecurrentCell only with the
        // members the generator adds (CS0535 without them), and its generated code is checked like any other.
        var generatedTrees = output.SyntaxTrees.Where(t => t != tree && t.FilePath != "Support.cs").ToList();
        var inputErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !(d.Location.SourceTree is { } origin && generatedTrees.Contains(origin))).ToList();
        var generatedProblems = generatedTrees
            .SelectMany(t => output.GetSemanticModel(t).GetDiagnostics())
            .Concat(generatedTrees.SelectMany(t => t.GetDiagnostics()))
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Distinct()
            .ToList();
        var generated = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToList();

        if (inputErrors.Count == 0)
        {
            // A statement copied into the generated forward brings its warnings along (x?.Length makes x maybe-null
            // there too); a generated warning is the generator's fault only when the input has no warning of that id.
            var inputWarnings = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning && !(d.Location.SourceTree is { } origin && generatedTrees.Contains(origin))).Select(d => d.Id).ToHashSet();
            foreach (var d in generatedProblems.Where(d => d.Severity == DiagnosticSeverity.Error || !inputWarnings.Contains(d.Id)))
                violations.Add("the input has no errors, but a generated file has " + Format(d));
            foreach (var target in targets)
            {
                bool reported = generatorDiagnostics.Any(d => d.Location.GetLineSpan().Path == "Case.cs" && target.Allowed.Any(a => a.Contains(d.Location.SourceSpan)));
                bool emitted = generated.Any(g => g.Item2.Contains(target.Evidence, StringComparison.Ordinal));
                if (!reported && !emitted) violations.Add($"'{target.Name}' got neither generated code nor a diagnostic");
            }
        }
        else
        {
            var generatedErrors = generatedProblems.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            bool explained = inputErrors.Any(d => d.Location.SourceTree == tree && targets.Any(t => t.Allowed.Any(a => a.Contains(d.Location.SourceSpan))))
                || generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (generatedErrors.Count > 0 && !explained)
                violations.Add("generated files have errors no error in a marked declaration explains: " + string.Join("; ", generatedErrors.Take(3).Select(Format)));
        }

        // A rejected cell Step still gives its type the contract's members (throwing), unless a type around it is not
        // partial (AGR007): the user sees the AGR errors, not one CS0535 per member the generated code would add.
        if (generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) && !generatorDiagnostics.Any(d => d.Id == "AGR007"))
            foreach (var d in inputErrors.Where(d => d.Id == "CS0535" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("IRecurrentCell<", StringComparison.Ordinal)).Take(1))
                violations.Add("the cell's type lacks the contract's members: " + Format(d));

        bool accepted = !generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (corpusCase.MustAccept && (!accepted || inputErrors.Count > 0))
            violations.Add("the case must be accepted, but " + (inputErrors.Count > 0 ? "it does not compile" : "the generator rejects it"));
        if (corpusCase.ExpectedId is { } expectedId && !generatorDiagnostics.Any(d => d.Id == expectedId && d.Location.GetLineSpan().Path == "Case.cs"
                && tree.GetText().ToString(d.Location.SourceSpan) == corpusCase.ExpectedSpan))
            violations.Add($"expected {expectedId} at '{corpusCase.ExpectedSpan}'");
        if (corpusCase.Runnable && inputErrors.Count == 0 && accepted && violations.Count == 0 && generatedProblems.All(d => d.Severity < DiagnosticSeverity.Error)
            && RunGenerated(output) is { } failure)
            violations.Add(failure);
        return new Outcome(corpusCase, inputErrors, generatorDiagnostics, generatedProblems, generated, violations);
    }

    /// <summary>A marked declaration: its name, the spans a diagnostic about it may have (the declaration, and the
    /// names of the types around it), and text its generated code must contain.</summary>
    private sealed record Target(string Name, IReadOnlyList<Microsoft.CodeAnalysis.Text.TextSpan> Allowed, string Evidence);

    private static List<Target> Targets(SyntaxTree tree, SemanticModel model)
    {
        var targets = new List<Target>();
        foreach (var attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
        {
            string? kind = AttributeKind(attribute, model);
            if (kind is null || attribute.Parent?.Parent is not { } declaration) continue;
            var allowed = new List<Microsoft.CodeAnalysis.Text.TextSpan> { declaration.Span };
            // A partial method is generated from its implementation, so a diagnostic may lie in either part.
            if (declaration is MethodDeclarationSyntax && model.GetDeclaredSymbol(declaration) is IMethodSymbol method
                && (method.PartialImplementationPart ?? method.PartialDefinitionPart) is { } otherPart)
                allowed.AddRange(otherPart.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree).Select(r => r.Span));
            foreach (var type in declaration.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>()) allowed.Add(type.Identifier.Span);
            string name = declaration switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                LocalFunctionStatementSyntax l => l.Identifier.ValueText,
                BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
                _ => declaration.Kind().ToString(),
            };
            string evidence = kind == "Parameters" ? " : global::AutoGradRnn.IParameters" : " " + name + "Backward(";
            targets.Add(new Target(name, allowed, evidence));
        }
        return targets;
    }

    private static string? AttributeKind(AttributeSyntax attribute, SemanticModel model)
    {
        var type = model.GetSymbolInfo(attribute).Symbol?.ContainingType ?? model.GetSymbolInfo(attribute).CandidateSymbols.FirstOrDefault()?.ContainingType;
        string name = type?.ToDisplayString() ?? attribute.Name.ToString();
        return name switch
        {
            "AutoGradRnn.DifferentiableAttribute" => "Differentiable",
            "AutoGradRnn.ParametersAttribute" => "Parameters",
            _ when type is null && (name.EndsWith("Differentiable", StringComparison.Ordinal) || name.EndsWith("DifferentiableAttribute", StringComparison.Ordinal)) => "Differentiable",
            _ when type is null && (name.EndsWith("Parameters", StringComparison.Ordinal) || name.EndsWith("ParametersAttribute", StringComparison.Ordinal)) => "Parameters",
            _ => null,
        };
    }

    /// <summary>Loads the compiled case and compares the generated code with the method it came from: the same value,
    /// and a gradient that passes the float64 gradient check. Inputs on which the method itself throws are skipped.</summary>
    private static string? RunGenerated(Compilation output)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        if (!emit.Success)
            return "the output does not emit: " + string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).Select(Format));
        stream.Position = 0;
        var context = new AssemblyLoadContext("corpus", isCollectible: true);
        try
        {
            var subject = context.LoadFromStream(stream).GetType("Corpus.Subject")!;
            var method = subject.GetMethod("M")!;
            var handle = subject.GetMethod("MFunction")!;
            object?[] Arguments()
            {
                var r = new Rng(11);
                Tensor N(params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.6, dims);
                return [N(3), N(3, 3), N(3), 0.7, 0.3f, 2, true, new[] { 1, 0, 2 }];
            }
            Tensor? expected;
            try
            {
                expected = (Tensor?)method.Invoke(null, Arguments());
            }
            catch (TargetInvocationException)
            {
                return null;
            }
            if (expected is null) return null;
            var projection = Init.Normal(new Rng(12), DType.Float64, 0, 1, expected.Shape.ToArray());
            var function = (IDifferentiableFunction)handle.Invoke(null, [.. Arguments(), projection])!;
            string? failure = null;
            try
            {
                // The handle's value is the method's own; the check compares the generated forward with it bit for bit
                // and takes its finite differences of the method, the double argument s included.
                var check = GradientChecker.Check(function, new GradientCheckOptions { CheckEveryEntry = true });
                if (!check.ForwardPassed) failure = "the generated forward does not compute what the method computes:\n" + check.Report();
                else if (!check.Passed) failure = "the generated gradient fails the check:\n" + check.Report();
            }
            catch (Exception e)
            {
                failure = "the generated code throws where the method does not: " + e.GetType().Name + ": " + e.Message;
            }
            return failure;
        }
        finally
        {
            context.Unload();
        }
    }
}
