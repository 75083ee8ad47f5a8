using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradRnn.CodeFixes;

/// <summary>"Eject the backward" on a [Differentiable] method's declaration (its attributes, name or parameters):
/// see <see cref="BackwardEjection"/>.</summary>
[ExportCodeRefactoringProvider(LanguageNames.CSharp, Name = nameof(EjectBackwardRefactoring)), Shared]
public sealed class EjectBackwardRefactoring : CodeRefactoringProvider
{
    public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration) return;
        var header = TextSpan.FromBounds(declaration.SpanStart, declaration.ParameterList.Span.End);
        if (!header.Contains(context.Span.Start)) return;
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null) return;
        if (BackwardEjection.Create(context.Document, model, declaration, context.CancellationToken) is not { } plan) return;
        context.RegisterRefactoring(CodeAction.Create(
            "Eject the backward of '" + plan.Method.Name + "' as its derivative rule",
            cancellationToken => BackwardEjection.ApplyAsync(plan, cancellationToken),
            equivalenceKey: nameof(EjectBackwardRefactoring)));
    }
}
