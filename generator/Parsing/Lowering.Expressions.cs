using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

internal sealed partial class Lowering
{
    /// <summary>Lowers an expression to one operand. <paramref name="name"/> is the local it is assigned to, if any.</summary>
    private Operand LowerValue(IOperation operation, string? name)
    {
        if (TooDeep(operation)) return Operand.OfLiteral("default!");
        if (!IsVaried(operation)) return Constant(operation, name);
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return Operand.Of(_current[local.Local]);
            case IParameterReferenceOperation parameter:
                return Operand.Of(_current[parameter.Parameter]);
            case IMemberReferenceOperation member when IsContainerTensor(member):
                return ContainerMember(member) is { } id ? Operand.Of(id) : Operand.OfLiteral("default!");
            case IConversionOperation { OperatorMethod: null } conversion when KnownTypes.IsScalar(conversion.Type) && KnownTypes.IsScalar(conversion.Operand.Type):
                if (IsNarrowing(conversion.Operand.Type, conversion.Type))
                {
                    ReportNarrowing(conversion.Syntax);
                    return Operand.OfLiteral("default");
                }
                return LowerValue(conversion.Operand, name);
            case IInvocationOperation invocation:
                return Single(LowerCall(invocation.TargetMethod, Arguments(invocation.Arguments), invocation.Syntax, name), invocation);
            case IBinaryOperation binary:
                return LowerBinary(binary.OperatorKind, binary.OperatorMethod, binary.LeftOperand, binary.RightOperand, binary.Type, binary.Syntax, name);
            case IFieldReferenceOperation { Instance: { Type: INamedTypeSymbol { IsTupleType: true } tupleType } tupleValue, Field.CorrespondingTupleField: { } element }:
                return TupleElement(tupleValue, tupleType, element);
            case IUnaryOperation { OperatorMethod: { } op } unary:
                return Single(LowerCall(op, new[] { unary.Operand }, unary.Syntax, name), unary);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus:
                return LowerValue(plus.Operand, name);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus when KnownTypes.IsScalar(minus.Type):
            {
                var operand = LowerValue(minus.Operand, null);
                var result = NewValue(name ?? "negated", ValueKind.Scalar, KnownTypes.Display(minus.Type!), name is null ? ValueOrigin.Temporary : ValueOrigin.Local, varied: true);
                AddStep(StepKind.ScalarNegate, new[] { result.Id }, new[] { operand }, new[] { ArgumentRole.Scalar }, "-");
                return Operand.Of(result.Id);
            }
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, DescribeExpression(operation));
                return Operand.OfLiteral("default");
        }
    }

    /// <summary>Lowering recurses into operands: an expression of thousands of nested terms would overflow the
    /// compiler's stack, which kills it. Near the end of the stack the statement is reported instead (once).</summary>
    private bool TooDeep(IOperation operation)
    {
        if (_tooDeep) return true;
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return false;
        }
        catch (System.InsufficientExecutionStackException)
        {
            _tooDeep = true;
            Report(DiagnosticDescriptors.UnsupportedExpression, _statementSyntax ?? operation.Syntax, "expression nested too deeply for the generator (split it into locals)");
            return true;
        }
    }

    private bool _tooDeep;
    private SyntaxNode? _statementSyntax;

    private Operand Single(IReadOnlyList<Operand>? results, IOperation operation)
    {
        if (results is null) return Operand.OfLiteral("default");
        if (results.Count == 1) return results[0];
        Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, "tuple used as one value (deconstruct it: var (a, b) = ...)");
        return Operand.OfLiteral("default");
    }

    /// <summary>Lowers a tuple-valued expression (a tuple literal or a call returning a tuple) to its elements.</summary>
    private List<Operand>? LowerTuple(IOperation operation, int count, IReadOnlyList<string?>? names)
    {
        if (operation is IConversionOperation { OperatorMethod: null } conversion) operation = conversion.Operand;
        if (operation is ITupleOperation tuple && tuple.Elements.Length == count)
            return tuple.Elements.Select((e, i) => LowerValue(e, null)).ToList();
        if (operation is IInvocationOperation invocation)
        {
            var results = LowerCall(invocation.TargetMethod, Arguments(invocation.Arguments), invocation.Syntax, null);
            if (results is not null && results.Count == count) return results.ToList();
            if (results is null) return null;
        }
        Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, "tuple expression " + DescribeExpression(operation));
        return null;
    }

    /// <summary>One element of a tuple made on the spot (<c>Both(x, w).Y</c>, <c>(a, b).Item2</c>): the whole tuple is
    /// evaluated, as in C#, and the element is its value; the other elements are unused.</summary>
    private Operand TupleElement(IOperation tupleValue, INamedTypeSymbol tupleType, IFieldSymbol element)
    {
        int index = tupleType.TupleElements.ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e.CorrespondingTupleField ?? e, element));
        var unwrapped = tupleValue is IConversionOperation { OperatorMethod: null } conversion ? conversion.Operand : tupleValue;
        if (index < 0 || unwrapped is not (IInvocationOperation or ITupleOperation))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, tupleValue.Syntax, "tuple element of " + DescribeExpression(tupleValue) + " (deconstruct it: var (a, b) = ...)");
            return Operand.OfLiteral("default");
        }
        var elements = LowerTuple(tupleValue, tupleType.TupleElements.Length, null);
        return elements is null ? Operand.OfLiteral("default") : elements[index];
    }

    private static IOperation[] Arguments(IEnumerable<IArgumentOperation> arguments) =>
        arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();

    private Operand LowerBinary(BinaryOperatorKind kind, IMethodSymbol? operatorMethod, IOperation left, IOperation right, ITypeSymbol? type, SyntaxNode syntax, string? name)
    {
        if (operatorMethod is not null)
            return Single(LowerCall(operatorMethod, new[] { left, right }, syntax, name), left);
        string? token = kind switch
        {
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            BinaryOperatorKind.Divide => "/",
            _ => null,
        };
        if (token is null || !KnownTypes.IsScalar(type))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "operator " + kind + " on " + (type?.ToDisplayString() ?? "?"));
            return Operand.OfLiteral("default");
        }
        var a = LowerValue(left, null);
        var b = LowerValue(right, null);
        // The arithmetic runs in the operation's own type (float * float is float), as in the method, so the generated
        // forward rounds exactly as the method does.
        var result = NewValue(name ?? TemporaryName(token), ValueKind.Scalar, KnownTypes.Display(type!), name is null ? ValueOrigin.Temporary : ValueOrigin.Local, varied: true);
        AddStep(StepKind.ScalarBinary, new[] { result.Id }, new[] { a, b }, new[] { ArgumentRole.Scalar, ArgumentRole.Scalar }, token);
        return Operand.Of(result.Id);
    }

    /// <summary>double to float: the value is rounded, a step whose derivative is not the identity the backward would use.</summary>
    private static bool IsNarrowing(ITypeSymbol? from, ITypeSymbol? to) =>
        from?.SpecialType == SpecialType.System_Double && to?.SpecialType == SpecialType.System_Single;

    private void ReportNarrowing(SyntaxNode at) =>
        Report(DiagnosticDescriptors.UnsupportedExpression, at, "conversion to float of a value that carries gradient (it rounds the value; keep it a double)");

    /// <summary>For Math.Exp, Math.Log, Math.Tanh and Math.Sqrt on a double: the runtime's ScalarMath function of the same
    /// name and parameters, a primitive with a rule that returns what Math returns; otherwise the method itself.</summary>
    private IMethodSymbol ScalarMathStandIn(IMethodSymbol method)
    {
        if (method.ContainingType is not { Name: "Math", ContainingNamespace.Name: "System", ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true })
            return method;
        var standIns = _semanticModel.Compilation.GetTypeByMetadataName(KnownTypes.ScalarMath);
        return standIns?.GetMembers(method.Name).OfType<IMethodSymbol>().FirstOrDefault(m =>
            m.IsStatic && m.Parameters.Length == method.Parameters.Length
            && m.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same)
            && KnownTypes.GetAttribute(m, KnownTypes.DerivativeRuleAttribute) is not null) ?? method;
    }

    /// <summary>Lowers a call of a primitive or of a [Differentiable] method; returns its results, or null after a diagnostic.</summary>
    private IReadOnlyList<Operand>? LowerCall(IMethodSymbol method, IReadOnlyList<IOperation> arguments, SyntaxNode syntax, string? name)
    {
        method = ScalarMathStandIn(method);
        bool differentiable = KnownTypes.HasAttribute(method.OriginalDefinition, KnownTypes.DifferentiableAttribute);
        var ruleAttribute = KnownTypes.GetAttribute(method.OriginalDefinition, KnownTypes.DerivativeRuleAttribute);
        if (!differentiable && ruleAttribute is null)
        {
            // The argument that carries gradient, or else the receiver (x in x.Clone()).
            var carrier = arguments.FirstOrDefault(IsVaried)?.Syntax
                ?? ((syntax as Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax)?.Expression as Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax)?.Expression;
            Report(DiagnosticDescriptors.CallWithoutRule, syntax, method.ContainingType.Name + "." + method.Name, carrier is null ? "" : Placeholder.OneLine(carrier.ToString()));
            return null;
        }
        if (differentiable && (SymbolEqualityComparer.Default.Equals(Canonical(method), Canonical(_method))
            || DeclarationCheck.CallsBack(method, _method, _semanticModel.Compilation, _cancellationToken)))
        {
            Report(DiagnosticDescriptors.Recursion, syntax, _method.Name);
            return null;
        }
        if (differentiable && DeclarationCheck.Rejection(method.OriginalDefinition) is { } rejection)
        {
            Report(DiagnosticDescriptors.CallsRejectedMethod, syntax, method.ContainingType.Name + "." + method.Name, rejection);
            return null;
        }
        if (!differentiable && !method.IsStatic)
        {
            // The forward calls a primitive as Type.Method(args): an instance primitive has no receiver there.
            Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "call of the instance primitive '" + method.ContainingType.Name + "." + method.Name + "' (a method with [DerivativeRule] must be static)");
            return null;
        }
        if (arguments.Count != method.Parameters.Length || method.Parameters.Any(p => p.IsParams || p.RefKind != RefKind.None))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "call with params, ref or out arguments");
            return null;
        }

        var operands = new Operand[arguments.Count];
        var roles = new List<ArgumentRole>();
        for (int i = 0; i < arguments.Count; i++)
        {
            var kind = KnownTypes.Classify(method.Parameters[i].Type);
            roles.Add(kind switch
            {
                ValueKind.Tensor => ArgumentRole.Tensor,
                ValueKind.Scalar => ArgumentRole.Scalar,
                ValueKind.Container => ArgumentRole.Container,
                _ => ArgumentRole.Passive,
            });
            if (kind == ValueKind.Container && arguments[i] is not IParameterReferenceOperation)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, arguments[i].Syntax, "container argument that is not a parameter of this method");
                return null;
            }
        }
        // Arguments are evaluated in source order, as C# does (named ones too: b: Slice(x, j++, 2), a: …), and passed in
        // parameter order; an argument without syntax of its own (a default value) is a constant.
        foreach (int i in Enumerable.Range(0, arguments.Count).OrderBy(i => arguments[i].Syntax == syntax ? -1 : arguments[i].Syntax.SpanStart))
            operands[i] = roles[i] == ArgumentRole.Passive ? Constant(arguments[i], null) : LowerValue(arguments[i], null);

        if (differentiable)
        {
            var outputs = method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
                ? tuple.TupleElements.Select(e => (Name: e.Name, Type: e.Type)).ToList()
                : new List<(string Name, ITypeSymbol Type)> { (name ?? Camel(method.Name), method.ReturnType) };
            var results = outputs.Select(o => NewValue(outputs.Count == 1 && name is not null ? name : Camel(o.Name), KnownTypes.Classify(o.Type), KnownTypes.Display(o.Type),
                outputs.Count == 1 && name is not null ? ValueOrigin.Local : ValueOrigin.Temporary, varied: true)).ToList();
            AddStep(StepKind.Call, results.Select(r => r.Id), operands, roles, KnownTypes.Display(method.ContainingType) + "." + method.Name);
            return results.Select(r => Operand.Of(r.Id)).ToList();
        }

        var rule = RuleResolver.Resolve(method.OriginalDefinition, ruleAttribute!, out var problem, method.ContainingType);
        if (rule is null)
        {
            Report(problem!.Value.Descriptor, syntax, problem.Value.Arguments);
            return null;
        }
        NoteFusionSources(method.OriginalDefinition, ruleAttribute!);
        var resultKind = KnownTypes.Classify(method.ReturnType);
        if (resultKind is not (ValueKind.Tensor or ValueKind.Scalar))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "primitive returning " + method.ReturnType.ToDisplayString());
            return null;
        }
        bool isOperator = method.MethodKind == MethodKind.UserDefinedOperator;
        string callee = isOperator ? OperatorToken(method.Name) : KnownTypes.Display(method.ContainingType) + "." + method.Name;
        var value = NewValue(name ?? TemporaryName(isOperator ? callee : method.Name), resultKind, KnownTypes.Display(method.ReturnType),
            name is null ? ValueOrigin.Temporary : ValueOrigin.Local, varied: true);
        AddStep(StepKind.Primitive, new[] { value.Id }, operands, roles, callee, isOperator, rule);
        return new[] { Operand.Of(value.Id) };
    }

    private static IMethodSymbol Canonical(IMethodSymbol method) => DeclarationCheck.Canonical(method);

    /// <summary>An expression that carries no gradient: a literal, an existing value, or C# text computed once and saved.</summary>
    private Operand Constant(IOperation operation, string? name)
    {
        if (operation.ConstantValue.HasValue) return Operand.OfLiteral(Literal.Format(operation.ConstantValue.Value));
        if ((operation is IConversionOperation c ? c.Operand : operation) is IThrowOperation)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, "throw expression");
            return Operand.OfLiteral("default!");
        }
        if (HidesCarrier(operation) || UsesPointers(operation)) return Operand.OfLiteral("default!");
        if (CopyOfWritten(operation) is { } copy)
        {
            var copied = NewValue(name ?? "c", KnownTypes.Classify(operation.Type), KnownTypes.Display(operation.Type!), name is null ? ValueOrigin.Temporary : ValueOrigin.Local, varied: false);
            if (name is null) copied.Name = (operation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax id ? id.Identifier.ValueText : "buffer") + "Copy";
            AddStep(StepKind.Constant, new[] { copied.Id }, new Operand[0], new ArgumentRole[0], copy);
            return Operand.Of(copied.Id);
        }
        if (operation is ILocalReferenceOperation l && _current.TryGetValue(l.Local, out var localId)) return Operand.Of(localId);
        if (operation is IParameterReferenceOperation p && _current.TryGetValue(p.Parameter, out var parameterId)) return Operand.Of(parameterId);
        var type = operation.Type;
        var value = NewValue(name ?? "c", KnownTypes.Classify(type), type is null ? "object" : KnownTypes.Display(type),
            name is null ? ValueOrigin.Temporary : ValueOrigin.Local, varied: false);
        if (name is null) value.Name = ConstantName(operation);
        AddStep(StepKind.Constant, new[] { value.Id }, new Operand[0], new ArgumentRole[0], Render(operation));
        return Operand.Of(value.Id);
    }

    /// <summary>True when the expression reads a value that carries gradient and itself has a differentiable type. Gradient
    /// flows only through operands whose type can hold it: what an int, a bool or a string computes from a carrier
    /// (<c>x.Length</c>, <c>s &gt; 0</c>, <c>nameof(h)</c>) is passive, so <c>x * x.Length</c> scales by a constant and
    /// <c>s &gt; 0 ? 1.0 : -1.0</c> is a constant.</summary>
    private bool IsVaried(IOperation operation)
    {
        var kind = KnownTypes.Classify(operation.Type);
        if (operation is ITupleOperation tuple) return tuple.Elements.Any(IsVaried);
        if (kind == ValueKind.Passive && !(operation.Type?.IsTupleType ?? false)) return false;
        return ReachesCarrier(operation);
    }

    /// <summary>Walks the operands that can hold a carrier (with a stack of its own: an expression may nest thousands deep).</summary>
    private bool ReachesCarrier(IOperation operation)
    {
        var pending = new Stack<IOperation>();
        pending.Push(operation);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ILocalReferenceOperation l when _current.TryGetValue(l.Local, out var id) && _values[id].Varied:
                case IParameterReferenceOperation p when _current.TryGetValue(p.Parameter, out id) && _values[id].Varied:
                    return true;
                case IMemberReferenceOperation m when IsContainerTensor(m):
                    return true;
                case INameOfOperation:
                    break;
                case var node:
                    foreach (var child in node.ChildOperations)
                        if (child.Type is not { } type || CanHoldCarrier(type)) pending.Push(child);
                    break;
            }
        }
        return false;
    }

    private static bool IsContainerTensor(IMemberReferenceOperation member) =>
        member.Instance is IParameterReferenceOperation { Parameter.Type: var t } && KnownTypes.IsContainer(t) && KnownTypes.IsTensor(member.Type);

    private int? ContainerMember(IMemberReferenceOperation member)
    {
        if (!IsContainerTensor(member)) return null;
        if (!ContainerParser.IsParameter(member.Member))
        {
            // Only the container's parameters have adjoints in its gradient container (ZerosLike); a get-only or computed
            // property, or a member that is not public, would be read with an adjoint that is never there.
            Report(DiagnosticDescriptors.UnsupportedExpression, member.Syntax, "container member '" + member.Syntax + "' that is not a parameter (a public Tensor field or settable property); read the parameters it is made of");
            return null;
        }
        var container = ((IParameterReferenceOperation)member.Instance!).Parameter.Name;
        string expression = container + "." + member.Member.Name;
        if (!_containerMembers.TryGetValue(expression, out var id))
        {
            id = NewValue(expression, ValueKind.Tensor, KnownTypes.Display(member.Type!), ValueOrigin.ContainerMember, varied: true, member: new MemberModel(container, member.Member.Name)).Id;
            _containerMembers[expression] = id;
        }
        return id;
    }

    /// <summary>The C# text of an operation, with every reference to a differentiable local or argument replaced by a
    /// placeholder for its current SSA value, and every <c>nameof</c> by the string it stands for.</summary>
    private string Render(IOperation operation)
    {
        var syntax = operation.Syntax;
        var replacements = new List<(int Start, int Length, string Text)>();
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (StaticState.InsideNameOf(node)) continue;
            if (node is INameOfOperation { ConstantValue.HasValue: true } nameOf)
            {
                // nameof(h) is the user's name, whatever the generated code calls h's value here.
                replacements.Add((node.Syntax.SpanStart - syntax.SpanStart, node.Syntax.Span.Length, Literal.Format(nameOf.ConstantValue.Value)));
                continue;
            }
            if (Renaming(node) is { } renaming)
            {
                replacements.Add((renaming.Span.Start - syntax.SpanStart, renaming.Span.Length, renaming.Name));
                continue;
            }
            ISymbol? symbol = node switch
            {
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            if (symbol is not null && _current.TryGetValue(symbol, out var id) && _values[id].Origin != ValueOrigin.Parameter)
                replacements.Add((node.Syntax.SpanStart - syntax.SpanStart, node.Syntax.Span.Length, Placeholder.For(id)));
        }
        var text = new StringBuilder(syntax.ToString());
        foreach (var r in replacements.OrderByDescending(r => r.Start))
        {
            text.Remove(r.Start, r.Length);
            text.Insert(r.Start, r.Text);
        }
        return text.ToString();
    }

    private static string DescribeExpression(IOperation operation) => operation switch
    {
        IConditionalOperation => "conditional expression (?:)",
        IAnonymousFunctionOperation => "lambda",
        IArrayElementReferenceOperation => "array element",
        IPropertyReferenceOperation { Property.IsIndexer: true } => "indexer",
        IObjectCreationOperation => "object creation",
        IAwaitOperation => "await",
        IThrowOperation => "throw expression",
        IInterpolatedStringOperation => "interpolated string",
        ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation
            => "assignment inside an expression (make it a statement of its own)",
        IConversionOperation c => "conversion from " + (c.Operand.Type?.ToDisplayString() ?? "?") + " to " + (c.Type?.ToDisplayString() ?? "?"),
        IFieldReferenceOperation f => "field '" + f.Field.Name + "'",
        IPropertyReferenceOperation p => "property '" + p.Property.Name + "'",
        _ => operation.Kind.ToString(),
    };

    private static string OperatorToken(string metadataName) => metadataName switch
    {
        "op_Addition" => "+",
        "op_Subtraction" => "-",
        "op_Multiply" => "*",
        "op_Division" => "/",
        "op_UnaryNegation" => "-",
        "op_UnaryPlus" => "+",
        _ => metadataName,
    };

    private static string TemporaryName(string callee) => callee switch
    {
        "+" => "sum",
        "-" => "difference",
        "*" => "product",
        "/" => "quotient",
        _ => Camel(callee),
    };

    private static string ConstantName(IOperation operation) => operation switch
    {
        IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation p } => Singular(p.Parameter.Name),
        IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation l } => Singular(l.Local.Name),
        IInvocationOperation i => Camel(i.TargetMethod.Name),
        _ => "constant",
    };

    private static string Singular(string name) => name.Length > 1 && name.EndsWith("s", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name + "Item";

    private static string Camel(string name) => name.Length == 0 ? "value" : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
