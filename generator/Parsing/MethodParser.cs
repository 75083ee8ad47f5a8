using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Turns a [Differentiable] method into its forward IR, or into located diagnostics.</summary>
internal static class MethodParser
{
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var method = (IMethodSymbol)context.TargetSymbol;
        try
        {
            // A partial method is generated from its implementation, wherever the attribute is; an attribute on both
            // parts is the compiler's error (CS0579), and the part with the body is then left to the other trigger.
            if (method.PartialImplementationPart is { } implementation && DeclarationCheck.BodySyntax(method) is { } body && body != syntax)
            {
                var model = body.SyntaxTree == syntax.SyntaxTree ? context.SemanticModel : context.SemanticModel.Compilation.GetSemanticModel(body.SyntaxTree);
                return ParseChecked(body, implementation, model, cancellationToken);
            }
            if (method.PartialDefinitionPart is { } definition && definition.DeclaringSyntaxReferences.Any(r => HasDifferentiableAttributeList(r.GetSyntax())))
                return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
            return ParseChecked(syntax, method, context.SemanticModel, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var info = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), method.Name, e.GetType().Name + ": " + e.Message);
            return new ParseResult(null, new[] { info }.ToEquatableArray());
        }
    }

    private static ParseResult ParseChecked(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var nameLocation = syntax.Identifier.GetLocation();
        if (!method.IsStatic) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotStatic, nameLocation, method.Name));
        var containing = new List<TypeDeclarationModel>();
        for (var type = syntax.Parent as TypeDeclarationSyntax; type is not null; type = type.Parent as TypeDeclarationSyntax)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, type.Identifier.GetLocation(), type.Identifier.Text, method.Name));
            string keyword = type is RecordDeclarationSyntax r ? "record " + (r.ClassOrStructKeyword.Text is { Length: > 0 } k ? k : "class") : type.Keyword.Text;
            containing.Insert(0, new TypeDeclarationModel(keyword, type.Identifier.Text + (type.TypeParameterList?.ToString() ?? "")));
        }
        if (method.IsGenericMethod)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, nameLocation, "The type parameter list", method.Name, "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">"));

        var outputs = Outputs(method, syntax, diagnostics);
        // A cell's Step of the wrong shape is reported, but the method itself is still generated (its contract members throw).
        var cellDiagnostics = new List<DiagnosticInfo>();
        var cell = CellContractCheck.Check(method, syntax, cellDiagnostics);
        if (cell is { Valid: true }) cell = cell with { Primitives = Fission.SplitPrimitives.Resolve(semanticModel.Compilation) };
        var lowering = new Lowering(method, semanticModel, diagnostics, cancellationToken);
        var parameters = new List<ParameterModel>();
        foreach (var (p, pSyntax) in method.Parameters.Zip(syntax.ParameterList.Parameters, (p, s) => (p, s)))
        {
            var kind = KnownTypes.Classify(p.Type);
            if (!DeclarationCheck.IsSupportedParameter(p))
            {
                // The modifiers as written (ref readonly, scoped in), not the RefKind's name (RefReadOnlyParameter).
                string type = (p.RefKind == RefKind.None ? "" : string.Join(" ", pSyntax.Modifiers.Select(m => m.Text)) + " ") + p.Type.ToDisplayString();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, pSyntax, "Parameter '" + p.Name + "'", method.Name, type));
            }
            parameters.Add(new ParameterModel(p.Name, kind, KnownTypes.Display(p.Type), lowering.DeclareParameter(p, kind), ""));
        }
        // Adjoint parameters (dx) must not collide with each other or with a parameter (x, dx → dx_2).
        var taken = new HashSet<string>(parameters.Select(p => p.Name), StringComparer.Ordinal);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Kind == ValueKind.Passive) continue;
            string adjoint = Identifiers.Adjoint(parameters[i].Name);
            for (int k = 2; taken.Contains(adjoint); k++) adjoint = Identifiers.Adjoint(parameters[i].Name) + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            taken.Add(adjoint);
            parameters[i] = parameters[i] with { Adjoint = adjoint };
        }
        if (DeclarationCheck.NameClash(method) is { } clash)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, nameLocation, method.Name, clash.Name, method.ContainingType.Name, clash.Reason));
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        string typeFullName = KnownTypes.Display(method.ContainingType);
        string hint = (ns.Length > 0 ? ns + "." : "") + string.Join(".", containing.Select(c => HintSegment(c.Name))) + "." + method.Name + ".g.cs";
        if (diagnostics.Count > 0)
        {
            var all = diagnostics.Concat(cellDiagnostics).ToEquatableArray();
            // A cell's Step with an error in its declaration: its type still gets the contract's members (throwing), when it
            // and the types around it are partial, so the errors are the AGR ones and not one CS0535 per missing member.
            if (cell is null || diagnostics.Any(d => d.Id == DiagnosticDescriptors.NotPartial.Id)) return new ParseResult(null, all);
            var contract = new MethodModel(ns, containing.ToEquatableArray(), typeFullName, method.Name, Accessibility(method), "void", false,
                EquatableArray<OutputModel>.Empty, EquatableArray<ParameterModel>.Empty, EquatableArray<ValueModel>.Empty, EquatableArray<StepModel>.Empty,
                EquatableArray<StatementModel>.Empty, new[] { new BlockModel(0, -1, -1) }.ToEquatableArray(), EquatableArray<LoopModel>.Empty,
                EquatableArray<BranchModel>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, hint, LocationInfo.From(nameLocation),
                IsPlaceholder: true, Cell: cell with { Valid = false }, ContractOnly: true);
            return new ParseResult(contract, all);
        }

        var body = semanticModel.GetOperation(syntax, cancellationToken) as IMethodBodyOperation;
        var block = body?.BlockBody ?? body?.ExpressionBody;
        if (block is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, nameLocation, Lowering.WithArticle("method without a body")));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
        lowering.LowerBlock(block);
        StaticState.Check(block, diagnostics);
        bool rejected = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);

        if (rejected)
        {
            // The declaration is fine but the body is not: emit the generated members as placeholders that throw, so
            // that callers of this method (and their generated code) still compile while its errors are fixed.
            var ids = new System.Collections.Generic.HashSet<int>(parameters.Select(p => p.ValueId));
            var stub = new MethodModel(ns, containing.ToEquatableArray(), typeFullName, method.Name, Accessibility(method), KnownTypes.Display(method.ReturnType),
                method.ReturnType.IsTupleType, outputs.ToEquatableArray(), parameters.ToEquatableArray(), lowering.Values.Where(v => ids.Contains(v.Id)).ToEquatableArray(),
                EquatableArray<StepModel>.Empty, EquatableArray<StatementModel>.Empty, new[] { new BlockModel(0, -1, -1) }.ToEquatableArray(),
                EquatableArray<LoopModel>.Empty, EquatableArray<BranchModel>.Empty, EquatableArray<string>.Empty, Usings(syntax).ToEquatableArray(), hint,
                LocationInfo.From(nameLocation), IsPlaceholder: true, Cell: cell);
            return new ParseResult(stub, diagnostics.Concat(cellDiagnostics).ToEquatableArray());
        }
        var model = new MethodModel(
            ns,
            containing.ToEquatableArray(),
            typeFullName,
            method.Name,
            Accessibility(method),
            KnownTypes.Display(method.ReturnType),
            method.ReturnType.IsTupleType,
            outputs.ToEquatableArray(),
            parameters.ToEquatableArray(),
            lowering.Values.ToEquatableArray(),
            lowering.Steps.ToEquatableArray(),
            lowering.Statements.ToEquatableArray(),
            lowering.Blocks.ToEquatableArray(),
            lowering.Loops.ToEquatableArray(),
            lowering.Branches.ToEquatableArray(),
            QuotedNames.Of(block.Syntax, method, semanticModel).ToEquatableArray(),
            Usings(syntax).ToEquatableArray(),
            hint,
            LocationInfo.From(nameLocation),
            Cell: cell,
            Fusions: FusionReader.Read(lowering.FusionSources, method.ContainingType, semanticModel.Compilation).ToEquatableArray());
        var plan = Planning.ReversePlan.Analyse(model);
        foreach (var unused in plan.UnusedParameters)
        {
            var parameterSyntax = syntax.ParameterList.Parameters[method.Parameters.IndexOf(method.Parameters.First(p => p.Name == unused.Name))];
            if (PragmaState.IsDisabled(syntax.SyntaxTree, parameterSyntax.SpanStart, DiagnosticDescriptors.UnusedDifferentiableArgument.Id)) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedDifferentiableArgument, parameterSyntax, unused.Name, method.Name));
        }
        return new ParseResult(model, diagnostics.Concat(cellDiagnostics).ToEquatableArray());
    }

    private static string Accessibility(IMethodSymbol method) =>
        SyntaxFacts.GetText(method.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.NotApplicable ? Microsoft.CodeAnalysis.Accessibility.Private : method.DeclaredAccessibility);

    /// <summary>A type's segment of a hint name: <c>Box</c>, or <c>Box`1</c> for a generic one, so Box, Box&lt;T&gt; and
    /// Box&lt;T, U&gt; get files of their own.</summary>
    public static string HintSegment(string name) =>
        name.IndexOf('<') is var i and >= 0 ? name.Substring(0, i) + "`" + (name.Count(c => c == ',') + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : name;

    private static bool HasDifferentiableAttributeList(SyntaxNode node) =>
        node is MethodDeclarationSyntax m && m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("Differentiable"));

    private static List<OutputModel> Outputs(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var outputs = new List<OutputModel>();
        if (method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            foreach (var element in tuple.TupleElements)
            {
                var kind = KnownTypes.Classify(element.Type);
                string name = element.IsExplicitlyNamedTupleElement ? element.Name : "Item" + (outputs.Count + 1);
                outputs.Add(new OutputModel(name, kind));
                if (!DeclarationCheck.IsSupportedOutput(element.Type))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ReturnType, "The return element '" + name + "'", method.Name, element.Type.ToDisplayString()));
            }
        }
        else
        {
            var kind = KnownTypes.Classify(method.ReturnType);
            outputs.Add(new OutputModel("Result", kind));
            if (!DeclarationCheck.IsSupportedOutput(method.ReturnType))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ReturnType, "The return type", method.Name, method.ReturnType.ToDisplayString()));
        }
        return outputs;
    }

    /// <summary>The using directives in scope of the method's file, so C# quoted from it (passive expressions)
    /// means the same in the generated file: the file's, then (marked) those of the namespaces around the method.</summary>
    private static IEnumerable<string> Usings(SyntaxNode node)
    {
        var file = new List<string>();
        var inNamespace = new List<string>();
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            var usings = n switch
            {
                CompilationUnitSyntax cu => cu.Usings,
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                _ => default,
            };
            foreach (var u in usings)
            {
                if (u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)) continue;
                string text = u.WithoutTrivia().ToString();
                var list = n is CompilationUnitSyntax ? file : inNamespace;
                if (!list.Contains(text)) list.Add(text);
            }
        }
        file.Sort(StringComparer.Ordinal);
        inNamespace.RemoveAll(file.Contains);
        inNamespace.Sort(StringComparer.Ordinal);
        return file.Concat(inNamespace.Select(UsingDirectives.InNamespace));
    }
}
