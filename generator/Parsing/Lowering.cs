using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>
/// Lowers a method body (as Roslyn operations) into SSA values and flat steps. Every assignment defines a
/// new value; expressions that carry no gradient are kept as C# text and computed once in the forward.
/// This file: state and the statements; Lowering.Expressions.cs: the expressions.
/// </summary>
internal sealed partial class Lowering
{
    private readonly IMethodSymbol _method;
    private readonly SemanticModel _semanticModel;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly List<ValueBuilder> _values = new();
    private readonly Dictionary<ISymbol, int> _current = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, int> _containerMembers = new();
    private int _statement = -1;
    private int _block;
    private int _loop = -1;

    public Lowering(IMethodSymbol method, SemanticModel semanticModel, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _method = method;
        _semanticModel = semanticModel;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public IEnumerable<ValueModel> Values => _values.Select(v => v.ToModel());

    public List<StepModel> Steps { get; } = new();

    public List<StatementModel> Statements { get; } = new();

    public List<BlockModel> Blocks { get; } = new() { new BlockModel(0, -1, -1) };

    public List<LoopModel> Loops { get; } = new();

    public List<BranchModel> Branches { get; } = new();

    public int DeclareParameter(IParameterSymbol parameter, ValueKind kind)
    {
        if (kind == ValueKind.Passive) return -1;
        var value = NewValue(parameter.Name, kind, KnownTypes.Display(parameter.Type), ValueOrigin.Parameter, varied: true);
        _current[parameter] = value.Id;
        return value.Id;
    }

    private ValueBuilder NewValue(string name, ValueKind kind, string type, ValueOrigin origin, bool varied, MemberModel? member = null)
    {
        var value = new ValueBuilder(_values.Count, name, kind, type, origin, varied, member, _statement, _block, _loop);
        _values.Add(value);
        return value;
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, node, arguments));

    /// <summary>AGR001 at <paramref name="node"/>: "cannot contain" <paramref name="what"/> with its article.</summary>
    private void ReportUnsupported(SyntaxNode node, string what) => Report(DiagnosticDescriptors.UnsupportedStatement, node, WithArticle(what));

    /// <summary>"a" or "an" before a construct's name, by its first sound ("an if statement", "a using statement").</summary>
    internal static string WithArticle(string what)
    {
        bool vowelSound = what.Length > 0 && "aeiouAEIOU".IndexOf(what[0]) >= 0 && !what.StartsWith("us", System.StringComparison.OrdinalIgnoreCase);
        return (vowelSound ? "an " : "a ") + what;
    }

    private void BeginStatement(IOperation statement) => BeginStatement(statement.Syntax, statement.Syntax.ToString());

    private void BeginStatement(SyntaxNode syntax, string text)
    {
        _statementSyntax = syntax;
        _tooDeep = false;
        var start = syntax.GetLocation().GetLineSpan().StartLinePosition;
        Statements.Add(new StatementModel(start.Line + 1, start.Character + 1, Placeholder.OneLine(text)));
        _statement = Statements.Count - 1;
    }

    public void LowerBlock(IBlockOperation block)
    {
        _written ??= WrittenInto(block);
        _renamed ??= RenamedLocals(block);
        foreach (var statement in block.Operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_returned && statement is not IEmptyOperation)
            {
                // The backward is seeded at the return; a statement after it never runs, and a second return would be
                // the one the generated code seeds.
                ReportUnsupported(statement.Syntax, "statement after the method's return (it never runs)");
                return;
            }
            LowerStatement(statement);
        }
    }

    /// <summary>Set once the method body's return is lowered.</summary>
    private bool _returned;

    private void LowerStatement(IOperation statement)
    {
        switch (statement)
        {
            case IBlockOperation { Syntax.Parent: UnsafeStatementSyntax } unsafeBlock:
                ReportUnsupported(unsafeBlock.Syntax.Parent!, "unsafe block");
                return;
            case IBlockOperation block:
                LowerBlock(block);
                return;
            case IEmptyOperation:
                return;
            case IVariableDeclarationGroupOperation group:
                BeginStatement(statement);
                LowerDeclarations(group);
                return;
            case IExpressionStatementOperation expressionStatement:
                BeginStatement(statement);
                LowerExpressionStatement(expressionStatement.Operation);
                return;
            case IReturnOperation { ReturnedValue: { } } when _block != 0:
                Report(DiagnosticDescriptors.JumpNotReversible, statement.Syntax, "return");
                return;
            case IReturnOperation { ReturnedValue: { } returned }:
                BeginStatement(statement);
                LowerReturn(returned);
                _returned = true;
                return;
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } jump when _loop >= 0:
                Report(DiagnosticDescriptors.JumpNotReversible, statement.Syntax, jump.BranchKind == BranchKind.Break ? "break" : "continue");
                return;
            case IForLoopOperation loop:
                LowerFor(loop);
                return;
            case IConditionalOperation branch:
                LowerIf(branch);
                return;
            default:
                ReportUnsupported(StatementHead(statement), Describe(statement));
                return;
        }
    }

    private void LowerDeclarations(IVariableDeclarationGroupOperation group)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var local = declarator.Symbol;
                var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                if (local.IsRef && KnownTypes.Classify(local.Type) != ValueKind.Passive)
                {
                    // A ref local aliases another variable: writes through it change that variable behind the generator's back.
                    ReportUnsupported(declarator.Syntax, "ref local '" + local.Name + "' (use a plain local)");
                    return;
                }
                if (KnownTypes.Classify(local.Type) == ValueKind.Passive)
                {
                    AddPassive(group);
                    return;
                }
                if (initializer is null) continue;
                Bind(local, LowerValue(initializer, local.Name));
            }
        }
    }

    private void LowerExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                if (AssignableLocal(assignment.Target) is { } target)
                {
                    if (KnownTypes.Classify(TypeOf(target)) == ValueKind.Passive) AddPassive(operation);
                    else Bind(target, LowerValue(assignment.Value, target.Name));
                }
                else RejectAssignmentTarget(assignment.Target, operation);
                return;
            case ICompoundAssignmentOperation compound:
                if (AssignableLocal(compound.Target) is { } compoundTarget)
                {
                    if (KnownTypes.Classify(TypeOf(compoundTarget)) == ValueKind.Passive) AddPassive(operation);
                    else if (compound.OutConversion is { Exists: true, IsIdentity: false } && TypeOf(compoundTarget).SpecialType == SpecialType.System_Single)
                        ReportNarrowing(operation.Syntax);
                    else Bind(compoundTarget, LowerBinary(compound.OperatorKind, compound.OperatorMethod, compound.Target, compound.Value, compound.Type, compound.Syntax, compoundTarget.Name));
                }
                else RejectAssignmentTarget(compound.Target, operation);
                return;
            case IDeconstructionAssignmentOperation deconstruction:
                LowerDeconstruction(deconstruction);
                return;
            case IIncrementOrDecrementOperation when KnownTypes.Classify(operation.Type) == ValueKind.Passive:
                AddPassive(operation);
                return;
            case IInvocationOperation invocation:
                LowerCallStatement(invocation);
                return;
            default:
                ReportUnsupported(operation.Syntax, Describe(operation));
                return;
        }
    }

    /// <summary>A call whose result (if any) is discarded. One that reads no gradient carrier is passive; one that
    /// writes into a tensor carrying gradient is AGR004; any other call without a rule that is handed a carrier is
    /// AGR003, whatever it returns (printing a tensor included): a statement is there for its effect, which the
    /// backward pass cannot see.</summary>
    private void LowerCallStatement(IInvocationOperation invocation)
    {
        bool receiverCarries = invocation.Instance is { } instance && IsVaried(instance);
        bool argumentCarries = invocation.Arguments.Any(a => HandsOnCarrier(a.Value));
        if (!receiverCarries && !argumentCarries && !IsVaried(invocation))
        {
            AddPassive(invocation);
            return;
        }
        var method = invocation.TargetMethod;
        if (receiverCarries && KnownTypes.IsTensor(invocation.Instance!.Type) && method.ReturnsVoid)
        {
            Report(DiagnosticDescriptors.MutatesTensor, invocation.Syntax, Placeholder.OneLine(invocation.Syntax.ToString()));
            return;
        }
        bool known = KnownTypes.HasAttribute(method.OriginalDefinition, KnownTypes.DifferentiableAttribute)
            || KnownTypes.GetAttribute(method.OriginalDefinition, KnownTypes.DerivativeRuleAttribute) is not null;
        if (!known && (receiverCarries || argumentCarries))
        {
            if (HidesCarrier(invocation)) return;   // list.Add(x): the local it hides the value in is the AGR002 to fix
            var carrier = receiverCarries ? invocation.Instance! : invocation.Arguments.First(a => HandsOnCarrier(a.Value)).Value;
            Report(DiagnosticDescriptors.CallWithoutRule, invocation.Syntax, method.ContainingType.Name + "." + method.Name, Placeholder.OneLine(carrier.Syntax.ToString()));
            return;
        }
        LowerValue(invocation, null);
    }

    /// <summary>True when an argument hands the callee a value that carries gradient, converted or not (a tensor passed
    /// as an object, or formatted into a string), rather than only its shape, length, rank, type or name.</summary>
    private bool HandsOnCarrier(IOperation argument) =>
        argument.DescendantsAndSelf().Any(node => ReadsGradientCarrier(node)
            && node.Parent is not IPropertyReferenceOperation { Property.Name: "Shape" or "Length" or "Rank" or "DType" }
            && !StaticState.InsideNameOf(node));

    /// <summary>True when a value of this type could hold a tensor or a double: anything but numbers, flags, text,
    /// enums, shapes and arrays, tuples, spans and nullables of those. The generator follows gradient only through
    /// Tensor and double locals, so one of these filled from a value that carries gradient would hide it.</summary>
    private static bool CanHoldCarrier(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return CanHoldCarrier(array.ElementType);
            case INamedTypeSymbol { IsTupleType: true } tuple:
                return tuple.TupleElements.Any(e => CanHoldCarrier(e.Type));
            case IPointerTypeSymbol:
                return true;
        }
        if (KnownTypes.Classify(type) != ValueKind.Passive) return true;
        if (type.TypeKind == TypeKind.Enum) return false;
        if (type.SpecialType is SpecialType.System_Object) return true;
        if (type.SpecialType != SpecialType.None) return false;
        if (type is INamedTypeSymbol named)
        {
            string name = named.ContainingNamespace?.ToDisplayString() + "." + named.MetadataName;
            switch (name)
            {
                case "AutoGradRnn.Shape" or "AutoGradRnn.DType" or "System.Type" or "System.Range" or "System.Index" or "System.Text.StringBuilder":
                    return false;
                case "System.Nullable`1" or "System.Span`1" or "System.ReadOnlySpan`1":
                    return CanHoldCarrier(named.TypeArguments[0]);
            }
        }
        return true;
    }

    /// <summary>Reports passive code (a statement, a condition, a constant) that reads a value carrying gradient into a
    /// local that can hold it but that the generator does not follow: a tuple, an array, an object, a collection, a
    /// delegate capturing it, a pattern or out variable. The value would reach the result with its gradient lost.</summary>
    private bool HidesCarrier(IOperation operation)
    {
        if (!operation.DescendantsAndSelf().Any(ReadsGradientCarrier)) return false;
        foreach (var node in operation.DescendantsAndSelf())
        {
            ILocalSymbol? local = node switch
            {
                IVariableDeclaratorOperation d => d.Symbol,
                ILocalReferenceOperation l when !_current.ContainsKey(l.Local) => l.Local,
                IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol s } => s,
                IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol s } => s,
                IListPatternOperation { DeclaredSymbol: ILocalSymbol s } => s,
                _ => null,
            };
            if (local is null || !CanHoldCarrier(local.Type)) continue;
            var at = node switch
            {
                IVariableDeclaratorOperation { Initializer: { } i } => i.Value.Syntax,
                _ when node.Parent is ISimpleAssignmentOperation a && a.Target == node => a.Value.Syntax,
                _ => node.Syntax,
            };
            string what = local.Type.IsTupleType ? "tuple local '" + local.Name + "' holding values that carry gradient (deconstruct it: var (a, b) = ...)"
                : local.Type is IArrayTypeSymbol ? "array local '" + local.Name + "' holding values that carry gradient (keep each tensor in a local of its own)"
                : "local '" + local.Name + "' of type '" + local.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat.RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)) + "' holding a value that carries gradient (gradient is followed through Tensor and double locals only)";
            Report(DiagnosticDescriptors.UnsupportedExpression, at, what);
            return true;
        }
        return false;
    }

    /// <summary>Reports pointers and address-of in code the generated forward would copy: it has no unsafe context.</summary>
    private bool UsesPointers(IOperation operation)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (node is IAddressOfOperation || node.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol
                || node is IVariableDeclaratorOperation { Symbol.Type: IPointerTypeSymbol or IFunctionPointerTypeSymbol })
            {
                ReportUnsupported(node.Syntax, "pointer operation (unsafe code)");
                return true;
            }
        }
        return false;
    }

    private static ITypeSymbol TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type,
        IParameterSymbol p => p.Type,
        _ => throw new System.InvalidOperationException("not a variable"),
    };

    private static ISymbol? AssignableLocal(IOperation target) => target switch
    {
        ILocalReferenceOperation l => l.Local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => l.Local,   // (double l, var h) = …
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    private void RejectAssignmentTarget(IOperation target, IOperation assignment)
    {
        bool tensorWrite = target is IMemberReferenceOperation { Instance: { } instance } && (KnownTypes.IsTensor(instance.Type) || KnownTypes.IsContainer(instance.Type))
            || target is IPropertyReferenceOperation { Property.IsIndexer: true }
            || KnownTypes.IsTensor(target.Type);
        if (tensorWrite) Report(DiagnosticDescriptors.MutatesTensor, assignment.Syntax, Placeholder.OneLine(target.Syntax.ToString()));
        else ReportUnsupported(assignment.Syntax, "assignment to " + Placeholder.OneLine(target.Syntax.ToString()) + " (only locals and arguments can be assigned)");
    }

    private void LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        if (target is not ITupleOperation tuple)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, deconstruction.Target.Syntax, "deconstruction into " + target.Kind);
            return;
        }
        var names = tuple.Elements.Select(e => AssignableLocal(e)?.Name).ToList();
        var operands = LowerTuple(deconstruction.Value, tuple.Elements.Length, names);
        if (operands is null) return;
        for (int i = 0; i < tuple.Elements.Length; i++)
        {
            var element = tuple.Elements[i];
            if (element is IDiscardOperation) continue;
            var symbol = AssignableLocal(element);
            if (symbol is null)
            {
                RejectAssignmentTarget(element, deconstruction);
                continue;
            }
            if (KnownTypes.Classify(TypeOf(symbol)) == ValueKind.Passive)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, element.Syntax, "deconstruction into a non-differentiable local");
                continue;
            }
            Bind(symbol, operands[i]);
        }
    }

    private void LowerReturn(IOperation returned)
    {
        var count = _method.ReturnType.IsTupleType ? ((INamedTypeSymbol)_method.ReturnType).TupleElements.Length : 1;
        var operands = _method.ReturnType.IsTupleType ? LowerTuple(returned, count, null) : new List<Operand> { LowerValue(returned, null) };
        if (operands is null) return;
        AddStep(StepKind.Return, new int[0], operands, operands.Select(_ => ArgumentRole.Passive), "");
    }

    /// <summary>Makes <paramref name="symbol"/> name <paramref name="operand"/> from now on. A temporary made by
    /// this statement takes the local's name; an existing value is shared (tensors are immutable); a literal
    /// becomes a constant value.</summary>
    private void Bind(ISymbol symbol, Operand operand)
    {
        var kind = KnownTypes.Classify(TypeOf(symbol));
        if (!operand.IsValue)
        {
            var constant = NewValue(symbol.Name, kind, KnownTypes.Display(TypeOf(symbol)), ValueOrigin.Local, varied: false);
            AddStep(StepKind.Constant, new[] { constant.Id }, new Operand[0], new ArgumentRole[0], operand.Literal);
            _current[symbol] = constant.Id;
            return;
        }
        var value = _values[operand.ValueId];
        if (value.Origin == ValueOrigin.Temporary && value.DefinedInStatement == _statement)
        {
            value.Name = symbol.Name;
            value.Origin = ValueOrigin.Local;
        }
        _current[symbol] = value.Id;
    }

    private void AddPassive(IOperation operation)
    {
        if (HidesCarrier(operation) || UsesPointers(operation)) return;
        string text = Render(operation);
        if (operation is not IVariableDeclarationGroupOperation) text += ";";
        AddStep(StepKind.Passive, new int[0], new Operand[0], new ArgumentRole[0], text);
    }

    private StepModel AddStep(StepKind kind, IEnumerable<int> results, IEnumerable<Operand> arguments, IEnumerable<ArgumentRole> roles, string callee,
        bool isOperator = false, ResolvedRule? rule = null, int structure = -1)
    {
        var step = new StepModel(kind, _statement, results.ToEquatableArray(), arguments.ToEquatableArray(), roles.ToEquatableArray(), callee, isOperator,
            rule?.Rule ?? "", rule?.Formula ?? "", (rule?.Parameters ?? new string[0]).ToEquatableArray(), rule?.Into ?? "", rule?.Shape ?? "", _block, structure,
            (rule?.Reads ?? new bool[0]).ToEquatableArray(), (rule?.RowOperands ?? new bool[0]).ToEquatableArray(),
            (rule?.Product ?? new int[0]).ToEquatableArray());
        Steps.Add(step);
        return step;
    }

    private static SyntaxNode StatementHead(IOperation statement) => statement.Syntax;

    private static string Describe(IOperation operation) => operation switch
    {
        IForLoopOperation => "for loop",
        IForEachLoopOperation => "foreach loop",
        IWhileLoopOperation => "while or do loop",
        IConditionalOperation => "if statement",
        ISwitchOperation => "switch statement",
        ITryOperation => "try statement",
        IThrowOperation => "throw statement",
        ILocalFunctionOperation => "local function",
        IBranchOperation => "jump statement",
        ILockOperation => "lock statement",
        IUsingOperation => "using statement",
        ILabeledOperation => "labeled statement",
        IReturnOperation => "return without a value",
        _ when operation.Syntax is FixedStatementSyntax => "fixed statement",
        _ => operation.Kind + " statement",
    };
}
