using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>A <c>[Fuses]</c> composition as written: a call of a primitive by its simple name, whose arguments are calls
/// again or names of the fused primitive's parameters. The text is parsed as a C# expression, so a syntax error is
/// described in the compiler's words; everything else C# allows there is named for what it is.</summary>
/// <param name="Name">The called primitive's name, or the parameter's name for a leaf.</param>
/// <param name="Text">The call or name as written, for messages.</param>
/// <param name="Arguments">The call's arguments in order; null for a parameter name.</param>
internal sealed record FusionComposition(string Name, string Text, IReadOnlyList<FusionComposition>? Arguments)
{
    private const string Example = "\"Sigmoid(Slice(x, index, count))\"";

    /// <summary>The composition, or null with <paramref name="problem"/> saying what is wrong and what was expected.</summary>
    public static FusionComposition? Parse(string text, out string? problem)
    {
        var expression = SyntaxFactory.ParseExpression(text, consumeFullText: false);
        var error = expression.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is null && expression.FullSpan.End < text.Length)
        {
            problem = "'" + text + "' is not a C# expression: one ends at character " + expression.Span.End.ToString(CultureInfo.InvariantCulture)
                + " and '" + text.Substring(expression.FullSpan.End) + "' follows; write a call expression, as " + Example;
            return null;
        }
        if (error is not null)
        {
            problem = "'" + text + "' is not a C# expression: " + error.Id + " '" + error.GetMessage(CultureInfo.InvariantCulture) + "' at character "
                + (error.Location.SourceSpan.Start + 1).ToString(CultureInfo.InvariantCulture) + "; write a call expression, as " + Example;
            return null;
        }
        var root = Unwrap(expression);
        if (root is not InvocationExpressionSyntax)
        {
            problem = "'" + root + "' is " + Kind(root) + ", not a call; write the composition as a call of primitives, as " + Example;
            return null;
        }
        return Node(root, out problem);
    }

    private static FusionComposition? Node(ExpressionSyntax expression, out string? problem)
    {
        problem = null;
        if (expression is IdentifierNameSyntax name) return new FusionComposition(name.Identifier.ValueText, name.ToString(), null);
        var call = (InvocationExpressionSyntax)expression;
        if (call.Expression is not IdentifierNameSyntax callee)
        {
            problem = "the callee '" + call.Expression + "' is " + Kind(call.Expression)
                + "; a composition names each primitive by its simple name, as a method of the fused primitive's own type";
            return null;
        }
        var arguments = new List<FusionComposition>();
        foreach (var argument in call.ArgumentList.Arguments)
        {
            string place = "argument '" + argument + "' of '" + callee.Identifier.ValueText + "'";
            var inner = Unwrap(argument.Expression);
            if (argument.NameColon is not null)
                problem = place + " is named; the arguments of a composition's call go by position";
            else if (!argument.RefKindKeyword.IsKind(SyntaxKind.None))
                problem = place + " is passed by " + argument.RefKindKeyword.ValueText + "; the arguments of a composition's call are values";
            else if (inner is not (IdentifierNameSyntax or InvocationExpressionSyntax))
                problem = place + " is " + Kind(inner) + "; an argument is a parameter name of the fused primitive or a call of a primitive";
            if (problem is not null) return null;
            if (Node(inner, out problem) is not { } node) return null;
            arguments.Add(node);
        }
        return new FusionComposition(callee.Identifier.ValueText, call.ToString(), arguments);
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax p) expression = p.Expression;
        return expression;
    }

    /// <summary>What an expression that is neither a call nor a name is, in words a message can use.</summary>
    private static string Kind(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => "a name",
        LiteralExpressionSyntax => "a literal",
        BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
            => "an operator (write the primitive whose rule it shares, as Multiply(a, b) for a * b)",
        MemberAccessExpressionSyntax => "a member access",
        GenericNameSyntax => "a name with type arguments",
        ElementAccessExpressionSyntax => "an element access",
        _ => "an expression of kind " + expression.Kind(),
    };
}
