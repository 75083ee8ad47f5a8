using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoGradRnn.CodeFixes;

/// <summary>AGR003, a call without a derivative rule: "Add a custom derivative rule" makes the called method a
/// primitive with a rule stub to fill in (<see cref="RuleStub"/>).</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AddDerivativeRuleFix)), Shared]
public sealed class AddDerivativeRuleFix : CodeFixProvider
{
    public const string DiagnosticId = "AGR003";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <summary>None: each stub is a rule to write by hand, one at a time.</summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id != DiagnosticId || !diagnostic.Location.IsInSource) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var call = node as InvocationExpressionSyntax ?? (node as ArgumentSyntax)?.Expression as InvocationExpressionSyntax;
            if (call is null || model.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol callee) continue;
            if (RuleStub.Target(callee, context.Document.Project.Solution) is not { } target) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add a custom derivative rule to '" + Primitives.Describe(callee) + "'",
                    cancellationToken => RuleStub.AddAsync(target.Document, target.Declaration, cancellationToken),
                    equivalenceKey: nameof(AddDerivativeRuleFix)),
                diagnostic);
        }
    }
}
