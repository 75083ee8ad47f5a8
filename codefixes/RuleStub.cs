using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.CodeFixes;

/// <summary>
/// Makes a method a primitive with a rule still to write: <c>[DerivativeRule(nameof(FBackward))]</c> on the method and,
/// after it, <c>FBackward</c> with the signature the generator checks (RuleConvention: the method's parameters, its
/// result, the result's adjoint, one adjoint per differentiable parameter), whose body is a <c>#warning</c> (the build
/// says what is left) and a <c>NotImplementedException</c> (a run that reaches it says so too).
/// </summary>
internal static class RuleStub
{
    /// <summary>The method's declaration in a document of <paramref name="solution"/>, or null when no stub can be
    /// added there (not a method that can be a primitive, already differentiable, in metadata or generated code).</summary>
    public static (Document Document, MethodDeclarationSyntax Declaration)? Target(IMethodSymbol callee, Solution solution)
    {
        callee = callee.OriginalDefinition;
        if (!Primitives.CanBePrimitive(callee) || Primitives.HasRuleOrIsDifferentiable(callee)) return null;
        if (callee.PartialDefinitionPart is not null || callee.PartialImplementationPart is not null) return null;
        if (callee.DeclaringSyntaxReferences.SingleOrDefault()?.GetSyntax() is not MethodDeclarationSyntax declaration) return null;
        var document = solution.GetDocument(declaration.SyntaxTree);
        return document is null || document is SourceGeneratedDocument ? null : (document, declaration);
    }

    public static async Task<Solution> AddAsync(Document document, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method) return document.Project.Solution;
        int position = declaration.SpanStart;
        string? attribute = SymbolNames.DerivativeRuleAttribute(model, position);
        if (attribute is null) return document.Project.Solution;

        string rule = SymbolNames.NewMember(method.ContainingType, method.Name + "Backward", model, position);
        string nl = SourceLayout.NewLine(text);
        string? indent = SourceLayout.IndentBefore(text, position);
        string attributeLine = "[" + attribute + "(nameof(" + rule + "))]" + (indent is null ? " " : nl + indent);
        string stub = Stub(method, rule, model, position, indent ?? "", nl);
        int end = declaration.FullSpan.End;
        string after = (SourceLayout.AtLineStart(text, end) ? nl : nl + nl) + stub + nl;

        var changed = text.WithChanges(new TextChange(new TextSpan(position, 0), attributeLine), new TextChange(new TextSpan(end, 0), after));
        return document.WithText(changed).Project.Solution;
    }

    private static string Stub(IMethodSymbol method, string rule, SemanticModel model, int position, string indent, string nl)
    {
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name));
        var parameters = new List<string>();
        var adjoints = new List<string>();
        string resultName = "y", adjointName = "dy";
        bool nullable = model.GetNullableContext(position).AnnotationsEnabled();
        string tensor = model.Compilation.GetTypeByMetadataName(KnownTypes.Tensor) is { } t ? SymbolNames.Type(t, model, position) : "Tensor";
        var names = method.Parameters.Select(p => p.Name).ToList();
        var expected = RuleConvention.Expected(method);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            string name;
            if (i < names.Count) name = names[i];
            else if (i == names.Count) name = resultName = SymbolNames.Unique("y", taken);
            else if (i == names.Count + 1) name = adjointName = SymbolNames.Unique("dy", taken);
            else adjoints.Add(name = SymbolNames.Unique(e.Name, taken));
            string type = e.AnyTensor ? tensor + (nullable ? "?" : "") : e.AnyScalar ? "ref double" : SymbolNames.Type(e.Type!, model, position);
            parameters.Add(type + " " + SymbolNames.Identifier(name));
        }
        string exception = model.Compilation.GetTypeByMetadataName("System.NotImplementedException") is { } x ? SymbolNames.Type(x, model, position) : "global::System.NotImplementedException";
        string what = rule + ", the derivative rule of " + Primitives.Describe(method) + ", is not written yet: accumulate (+=) into "
            + Join(adjoints) + " the gradient that " + adjointName + " (the adjoint of " + resultName + ") gives " + (adjoints.Count == 1 ? "it" : "them");

        var s = new StringBuilder();
        s.Append(indent).Append("/// <summary>The derivative rule of ").Append(method.Name).Append(": accumulates (+=) into ")
            .Append(Join(adjoints)).Append(" the gradient that ").Append(adjointName).Append(adjoints.Count == 1 ? " gives it.</summary>" : " gives them.</summary>").Append(nl);
        s.Append(indent).Append(Primitives.Accessibility(method)).Append(" static void ").Append(rule)
            .Append('(').Append(string.Join(", ", parameters)).Append(')').Append(nl);
        s.Append(indent).Append('{').Append(nl);
        s.Append("#warning ").Append(what).Append('.').Append(nl);
        s.Append(indent).Append("    throw new ").Append(exception).Append("(\"").Append(what).Append(".\");").Append(nl);
        s.Append(indent).Append('}');
        return s.ToString();
    }

    private static string Join(List<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
}
