using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AutoGradRnn.Generator.Emitting;
using AutoGradRnn.Generator.Fusing;
using AutoGradRnn.Generator.Parsing;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator;

/// <summary>
/// The pipeline, and only the pipeline: [Differentiable] methods → forward IR → fused IR (its own step, cached) → reverse plan (its own step, cached) → generated file;
/// [Parameters] classes → container members → generated file; [Fuses] declarations → their diagnostics. Diagnostics go through their own outputs so
/// that moving code re-reports them without re-emitting source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.DifferentiableAttribute,
                static (_, _) => true,
                static (ctx, ct) => ctx.TargetNode is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } && !Placement.InFileLocalType(ctx.TargetSymbol) ? MethodParser.Parse(ctx, ct) : Placement.RejectMethod(ctx))
            .WithTrackingName(TrackingNames.ParseMethods);

        var methodModels = methods.Select(static (r, _) => r.Model).Where(static m => m is not null).WithTrackingName(TrackingNames.MethodModels);
        var fused = methodModels.Select(static (m, _) => FusionPass.Apply(m!)).WithTrackingName(TrackingNames.Fusions);
        var plans = fused.Select(static (m, _) => Planner.TryPlan(m)).WithTrackingName(TrackingNames.Plans);

        var containers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.ParametersAttribute,
                static (_, _) => true,
                static (ctx, ct) => Placement.IsContainerClass(ctx.TargetNode, ctx.TargetSymbol) ? ContainerParser.Parse(ctx, ct) : Placement.RejectContainer(ctx))
            .WithTrackingName(TrackingNames.ParseContainers);
        var containerModels = containers.Select(static (r, _) => r.Model).Where(static m => m is not null).WithTrackingName(TrackingNames.ContainerModels);

        // Every hint name of the compilation, so that each file's is unique as the compiler compares them (ignoring case).
        var hints = methodModels.Select(static (m, _) => m!.HintName).Collect()
            .Combine(containerModels.Select(static (m, _) => m!.HintName).Collect())
            .Select(static (pair, _) => HintNames.Set(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.HintNames);

        context.RegisterSourceOutput(plans.Combine(hints), static (spc, pair) =>
        {
            var (result, all) = pair;
            var model = result.Model;
            string source;
            try
            {
                source = result.Plan is { } plan ? MethodEmitter.Emit(plan) : throw new System.InvalidOperationException(result.Failure);
            }
            catch (System.Exception e)
            {
                string failure = result.Plan is null ? result.Failure : e.GetType().Name + ": " + e.Message;
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, model.Location.ToLocation(), model.Name, failure));
                return;
            }
            spc.AddSource(HintNames.Unique("m", model.HintName, all), source);
        });
        var methodDiagnostics = methods.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.MethodDiagnostics);
        context.RegisterSourceOutput(methodDiagnostics, static (spc, diagnostics) =>
        {
            foreach (var d in diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
        });

        // Every [Fuses] declaration in source is checked where it is written, whether or not a method uses it.
        var fusionDiagnostics = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypes.FusesAttribute, static (_, _) => true, static (ctx, ct) => FusionCheck.Diagnose(ctx, ct))
            .WithTrackingName(TrackingNames.FusionDiagnostics);
        context.RegisterSourceOutput(fusionDiagnostics, static (spc, diagnostics) =>
        {
            foreach (var d in diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
        });

        context.RegisterSourceOutput(containerModels.Combine(hints), static (spc, pair) =>
            spc.AddSource(HintNames.Unique("c", pair.Left!.HintName, pair.Right), ContainerEmitter.Emit(pair.Left)));
        context.RegisterSourceOutput(containers.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var d in diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
        });
    }
}

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string ParseMethods = nameof(ParseMethods);
    public const string MethodModels = nameof(MethodModels);
    public const string Fusions = nameof(Fusions);
    public const string Plans = nameof(Plans);
    public const string MethodDiagnostics = nameof(MethodDiagnostics);
    public const string FusionDiagnostics = nameof(FusionDiagnostics);
    public const string ParseContainers = nameof(ParseContainers);
    public const string ContainerModels = nameof(ContainerModels);
    public const string HintNames = nameof(HintNames);
}
