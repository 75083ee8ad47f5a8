using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator;

namespace AutoGradRnn.Tests.Generator;

/// <summary>The pipeline caches what did not change, and its models hold no Roslyn objects.</summary>
public class IncrementalityTests
{
    private const string Source = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        [Parameters] public sealed partial class W { public Tensor A = null!; }
        public static partial class Cell
        {
            [Differentiable]
            public static Tensor Step(Tensor x, Tensor h, Tensor w) => Tanh(MatVec(w, Concat(x, h)));
        }
        """;

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Identical_second_run_is_cached()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var first = GeneratorHarness.Run(compilation);
        var second = GeneratorHarness.Run(compilation.Clone(), first.Driver);
        Assert.All(Reasons(second.Driver, TrackingNames.MethodModels), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(second.Driver, TrackingNames.Plans), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(OutputReasons(second.Driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Unrelated_edit_leaves_outputs_cached()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var first = GeneratorHarness.Run(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public static class Unrelated { public static int One() => 1; }", new CSharpParseOptions(LanguageVersion.Latest)));
        var second = GeneratorHarness.Run(edited, first.Driver);
        Assert.All(OutputReasons(second.Driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Body_edit_modifies_the_method_output()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var first = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var newTree = tree.WithChangedText(tree.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(
            new Microsoft.CodeAnalysis.Text.TextSpan(Source.IndexOf("Tanh(MatVec", StringComparison.Ordinal), 4), "Sigmoid")));
        var second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(tree, newTree), first.Driver);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second.Driver, TrackingNames.MethodModels));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second.Driver, TrackingNames.Plans));
        Assert.Contains("Sigmoid", second.Generated.Single(g => g.HintName == "Demo.Cell.Step.g.cs").Text);
    }

    [Fact]
    public void Pipeline_models_hold_no_Roslyn_symbol_or_syntax()
    {
        var run = GeneratorHarness.Run(Source);
        var steps = run.Driver.GetRunResult().Results.Single().TrackedSteps;
        int walked = 0;
        foreach (var name in new[] { TrackingNames.ParseMethods, TrackingNames.MethodModels, TrackingNames.Plans, TrackingNames.ParseContainers, TrackingNames.ContainerModels })
        {
            foreach (var output in steps[name].SelectMany(s => s.Outputs)) walked += Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
        Assert.True(walked > 20, $"walked only {walked} objects: the models were not reached");
    }

    private const string FusesSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        public static class MyOps
        {
            [DerivativeRule(nameof(TwiceBackward))] public static Tensor Twice(Tensor x) => Scale(x, 2.0);
            public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
            [Fuses("Twice(Twice(y))")]
            [DerivativeRule(nameof(FourBackward))] public static Tensor Four(Tensor x) => Scale(x, 4.0);
            public static void FourBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
        }
        """;

    /// <summary>The [Fuses] check is a step of its own: cached on a second run and on an unrelated edit, its output
    /// (AGR025 here) plain values.</summary>
    [Fact]
    public void Fusion_check_is_cached_and_holds_no_Roslyn_object()
    {
        var compilation = GeneratorHarness.Compile(Source, FusesSource);
        var first = GeneratorHarness.Run(compilation);
        Assert.Equal("AGR025", Assert.Single(first.GeneratorDiagnostics).Id);
        int walked = first.Driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.FusionDiagnostics].SelectMany(s => s.Outputs)
            .Sum(o => Walk(o.Value, TrackingNames.FusionDiagnostics, new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.True(walked > 5, $"walked only {walked} objects: the diagnostics were not reached");

        var second = GeneratorHarness.Run(compilation.Clone(), first.Driver);
        // The check reads symbols, so a new compilation runs it again; its equal output is Unchanged and the output step Cached.
        Assert.All(Reasons(second.Driver, TrackingNames.FusionDiagnostics), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(second.Driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public static class Unrelated { public static int One() => 1; }", new CSharpParseOptions(LanguageVersion.Latest)));
        var third = GeneratorHarness.Run(edited, second.Driver);
        Assert.All(Reasons(third.Driver, TrackingNames.FusionDiagnostics), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(third.Driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal("AGR025", Assert.Single(third.GeneratorDiagnostics).Id);
    }

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        var type = value.GetType();
        Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false, $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value)) return 0;
        int count = 1;
        if (value is IEnumerable items)
        {
            foreach (var item in items) count += Walk(item, path + "[]", seen);
            return count;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            count += Walk(field.GetValue(value), path + "." + field.Name, seen);
        return count;
    }
}
