using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.CodeFixes;

/// <summary>
/// "Eject the backward" of a [Differentiable] method M: the generated MTape, MForward, MBackward, MWithGradient and
/// MFunction are copied into the user's file after M as editable code; M loses [Differentiable] and becomes a
/// primitive, <c>[DerivativeRule(nameof(MRule))]</c>, whose rule MRule runs MForward on the call's arguments and
/// MBackward with the call's adjoints. The generated code of M's callers then calls MRule, so an edit of MBackward is
/// what they differentiate with, and MFunction still compares MForward and MBackward with M itself in the gradient
/// checker (its Value() calls M).
/// </summary>
internal static class BackwardEjection
{
    /// <summary>What the ejection needs, or null when it is not offered for <paramref name="method"/>.</summary>
    public sealed record Plan(Document Document, MethodDeclarationSyntax Declaration, IMethodSymbol Method, AttributeSyntax Differentiable, IReadOnlyList<MemberDeclarationSyntax> Generated);

    public static Plan? Create(Document document, SemanticModel model, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method) return null;
        if (!KnownTypes.HasAttribute(method, KnownTypes.DifferentiableAttribute) || method.IsGenericMethod || !method.IsStatic) return null;
        if (method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null) return null;
        // A primitive returns a Tensor or a double and has an adjoint for every differentiable parameter: no tuple result, no
        // container, no float (the generated code holds a float fixed; a rule would owe it a ref double).
        if (!KnownTypes.IsTensor(method.ReturnType) && method.ReturnType.SpecialType != SpecialType.System_Double) return null;
        foreach (var p in method.Parameters)
        {
            if (p.RefKind != RefKind.None) return null;
            bool fits = KnownTypes.IsTensor(p.Type) || p.Type.SpecialType == SpecialType.System_Double || KnownTypes.IsAllowedPassiveParameter(p.Type);
            if (!fits) return null;
        }
        // A cell's Step is the cell contract's: the generator implements IRecurrentCell from it.
        if (method.Name == "Step" && KnownTypes.IsRecurrentCell(method.ContainingType)) return null;
        var attribute = declaration.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a =>
            model.GetSymbolInfo(a, cancellationToken).Symbol?.ContainingType is { } t && KnownTypes.FullName(t) == KnownTypes.DifferentiableAttribute);
        if (attribute is null) return null;
        var project = document.Project;
        var generated = GeneratedMembers.Of(method, tree => project.GetDocument(tree) is { } d && d is not SourceGeneratedDocument);
        return generated is null ? null : new Plan(document, declaration, method, attribute, generated);
    }

    public static async Task<Solution> ApplyAsync(Plan plan, CancellationToken cancellationToken)
    {
        var document = plan.Document;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return document.Project.Solution;
        var method = plan.Method;
        int position = plan.Declaration.SpanStart;
        string? attribute = SymbolNames.DerivativeRuleAttribute(model, position);
        if (attribute is null) return document.Project.Solution;
        string rule = SymbolNames.NewMember(method.ContainingType, method.Name + "Rule", model, position);
        string nl = SourceLayout.NewLine(text);
        string indent = SourceLayout.IndentBefore(text, position) ?? "";

        var block = new StringBuilder();
        int end = plan.Declaration.FullSpan.End;
        block.Append(SourceLayout.AtLineStart(text, end) ? nl : nl + nl);
        string name = method.Name;
        block.Append(indent).Append("// The backward of ").Append(name).Append(", ejected from the generated code: ").Append(name)
            .Append(" is a primitive whose rule, ").Append(rule).Append(", runs").Append(nl)
            .Append(indent).Append("// ").Append(name).Append("Forward and ").Append(name).Append("Backward below. Edit them to hand-tune the gradient; ")
            .Append(name).Append("Function still checks").Append(nl)
            .Append(indent).Append("// them against ").Append(name).Append(" itself (GradientChecker.Check). To undo, delete this block and mark ")
            .Append(name).Append(" [Differentiable] again.").Append(nl);
        var (open, close) = NullableDirectives(model, text, position);
        if (open.Length > 0) block.Append(open).Append(nl);
        const string Warnings = "CS0168, CS0219, CS0612, CS0618, CS1591";
        block.Append("#pragma warning disable ").Append(Warnings)
            .Append(" // copied locals may be unused; the handle calls the method, which may be obsolete").Append(nl);
        block.Append(Rule(method, rule, model, position, indent, nl)).Append(nl).Append(nl);
        block.Append(GeneratedMembers.Text(plan.Generated, indent, nl)).Append(nl);
        block.Append("#pragma warning restore ").Append(Warnings).Append(nl);
        if (close.Length > 0) block.Append(close).Append(nl);

        var changed = text.WithChanges(
            new TextChange(plan.Differentiable.Span, attribute + "(nameof(" + rule + "))"),
            new TextChange(new TextSpan(end, 0), block.ToString()));
        return document.WithText(changed).Project.Solution;
    }

    /// <summary>The rule: the method's parameters, its result, the result's adjoint and one adjoint per differentiable
    /// parameter; it replays the ejected forward on the arguments and runs the ejected backward.</summary>
    private static string Rule(IMethodSymbol method, string rule, SemanticModel model, int position, string indent, string nl)
    {
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name));
        string result = SymbolNames.Unique("y", taken), adjoint = SymbolNames.Unique("dy", taken), tape = SymbolNames.Unique("tape", taken);
        string resultType = SymbolNames.Type(method.ReturnType, model, position);
        var parameters = method.Parameters.Select(p => SymbolNames.Type(p.Type, model, position) + " " + SymbolNames.Identifier(p.Name)).ToList();
        parameters.Add(resultType + " " + result);
        parameters.Add(resultType + " " + adjoint);
        var adjointArguments = new List<string>();
        string tensor = model.Compilation.GetTypeByMetadataName(KnownTypes.Tensor) is { } t ? SymbolNames.Type(t, model, position) : "global::AutoGradRnn.Tensor";
        foreach (var p in method.Parameters)
        {
            var kind = KnownTypes.Classify(p.Type);
            if (kind is not (ValueKind.Tensor or ValueKind.Scalar)) continue;
            string d = SymbolNames.Identifier(SymbolNames.Unique("d" + p.Name, taken));
            parameters.Add((kind == ValueKind.Tensor ? tensor + "? " : "ref double ") + d);
            adjointArguments.Add((kind == ValueKind.Scalar ? "ref " : "") + d);
        }
        string arguments = string.Join("", method.Parameters.Select(p => SymbolNames.Identifier(p.Name) + ", "));
        var s = new StringBuilder();
        s.Append(indent).Append("/// <summary>The derivative rule of <see cref=\"").Append(method.Name).Append("\"/>: runs ")
            .Append(method.Name).Append("Forward on the call's arguments, then ").Append(method.Name)
            .Append("Backward with the call's adjoints (accumulated, +=).</summary>").Append(nl);
        s.Append(indent).Append(Primitives.Accessibility(method)).Append(" static void ").Append(rule).Append('(')
            .Append(string.Join(", ", parameters)).Append(')').Append(nl);
        s.Append(indent).Append('{').Append(nl);
        s.Append(indent).Append("    var ").Append(tape).Append(" = new ").Append(method.Name).Append("Tape();").Append(nl);
        s.Append(indent).Append("    ").Append(method.Name).Append("Forward(").Append(arguments).Append(tape).Append(");").Append(nl);
        s.Append(indent).Append("    ").Append(method.Name).Append("Backward(").Append(tape).Append(", ").Append(adjoint)
            .Append(string.Join("", adjointArguments.Select(a => ", " + a))).Append(");").Append(nl);
        s.Append(indent).Append('}');
        return s.ToString();
    }

    /// <summary>The directives around the ejected block that give its <c>Tensor?</c> annotations a nullable context:
    /// none when annotations are on there; else <c>#nullable enable</c> and, after, back to what the file had.</summary>
    private static (string Open, string Close) NullableDirectives(SemanticModel model, SourceText text, int position)
    {
        if (model.GetNullableContext(position).AnnotationsEnabled()) return ("", "");
        var root = model.SyntaxTree.GetRoot();
        bool directiveBefore = root.DescendantTrivia().Any(t => t.SpanStart < position && t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullableDirectiveTrivia));
        return ("#nullable enable", directiveBefore ? "#nullable disable" : "#nullable restore");
    }
}
