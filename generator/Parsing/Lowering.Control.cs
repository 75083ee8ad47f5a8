using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using AutoGradRnn.Generator.Diagnostics;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Loops and branches. A <c>for</c> loop becomes LoopBegin (one value per carried variable as each
/// iteration starts), its body in a block of its own, and LoopEnd (the carried values as an iteration ends, and
/// their values after the loop). An <c>if</c> becomes IfBegin, two blocks and IfEnd, which merges the variables
/// either branch assigned.</summary>
internal sealed partial class Lowering
{
    private void LowerFor(IForLoopOperation loop)
    {
        var syntax = (ForStatementSyntax)loop.Syntax;
        BeginStatement(syntax, syntax.SyntaxTree.GetText().ToString(TextSpan.FromBounds(syntax.SpanStart, syntax.CloseParenToken.Span.End)));
        if (loop.Condition is null)
        {
            ReportUnsupported(syntax.ForKeyword.Parent!, "for loop without a condition");
            return;
        }
        foreach (var counter in loop.Locals) CheckCounterNotWritten(counter, loop.Body);

        // Header parts that assign a double or a tensor declared before the loop are values like any other: the
        // initializer's run once before the loop, the iterator's at the end of every iteration (continue is AGR015), so
        // they are lowered there and the iterator's become carried. Counters declared in the header stay there.
        bool Lowered(IOperation part) => AssignedVariables(part).Any(v => !loop.Locals.Contains(v, SymbolEqualityComparer.Default));
        var before = loop.Before.Where(p => !Lowered(p)).ToList();
        var bottom = loop.AtLoopBottom.Where(p => !Lowered(p)).ToList();
        var lateParts = loop.AtLoopBottom.Where(Lowered).ToList();
        if (loop.Before.Any(Lowered))
        {
            foreach (var part in loop.Before.Where(Lowered)) LowerStatement(part);
            BeginStatement(syntax, syntax.SyntaxTree.GetText().ToString(TextSpan.FromBounds(syntax.SpanStart, syntax.CloseParenToken.Span.End)));
        }

        var carried = AssignedVariables(loop.Body).Concat(lateParts.SelectMany(AssignedVariables)).Distinct(SymbolEqualityComparer.Default)
            .Where(s => _current.ContainsKey(s)).ToList();
        foreach (var symbol in carried.Where(s => KnownTypes.Classify(TypeOf(s)) == ValueKind.Tensor && IsNullConstant(_current[s])))
        {
            // The backward restarts a carried adjoint in the shape of the value each iteration starts from: null in the
            // first. A tensor that is null when the loop starts is not a value the generator can carry.
            var at = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } init } ? (SyntaxNode)init.Value : syntax.ForKeyword.Parent!;
            Report(DiagnosticDescriptors.UnsupportedExpression, at, "tensor local '" + symbol.Name + "' that is null when a loop that assigns it starts (give it a tensor before the loop)");
        }
        var entry = new Dictionary<ISymbol, int>(_current, SymbolEqualityComparer.Default);
        int statement = _statement;
        int id = Loops.Count;
        int body = NewBlock(id);
        int parentLoop = _loop, parentBlock = _block;
        Loops.Add(null!);

        _block = body;
        _loop = id;
        var phis = new List<int>();
        foreach (var symbol in carried)
        {
            var initial = _values[_current[symbol]];
            var phi = NewValue(symbol.Name, initial.Kind, ComputedType(symbol, initial.Type), ValueOrigin.Local, varied: true);
            phis.Add(phi.Id);
        }
        _block = parentBlock;
        AddStep(StepKind.LoopBegin, phis, carried.Select(s => Operand.Of(_current[s])), carried.Select(_ => ArgumentRole.Passive), "", structure: id);
        _block = body;
        for (int i = 0; i < carried.Count; i++) _current[carried[i]] = phis[i];
        // The header is evaluated against the carried values (the condition runs before every iteration).
        CheckHeader(before.Concat(new[] { loop.Condition }).Concat(bottom));
        string initializer = string.Join(", ", before.Select(Render));
        string condition = Render(loop.Condition);
        string incrementor = string.Join(", ", bottom.Select(Render));
        Loops[id] = new LoopModel(id, _statement, initializer, condition, incrementor, body, parentLoop);

        LowerStatement(loop.Body);
        foreach (var part in lateParts) LowerStatement(part);

        var ends = new List<Operand>();
        for (int i = 0; i < carried.Count; i++)
        {
            int end = _current[carried[i]];
            if (end != phis[i] && phis.Contains(end))
            {
                // A carried variable that takes another one's value unchanged (a swap): copy it, so every carried
                // value ends the iteration as a value of its own.
                var copy = NewValue(carried[i].Name, _values[end].Kind, _values[end].Type, ValueOrigin.Local, varied: true);
                AddStep(StepKind.Copy, new[] { copy.Id }, new[] { Operand.Of(end) }, new[] { RoleOf(_values[end].Kind) }, "");
                end = copy.Id;
            }
            ends.Add(Operand.Of(end));
        }
        _block = parentBlock;
        _loop = parentLoop;
        _statement = statement;
        var exits = carried.Select((s, i) => NewValue(s.Name, _values[phis[i]].Kind, _values[phis[i]].Type, ValueOrigin.Local, varied: true).Id).ToList();
        AddStep(StepKind.LoopEnd, exits, ends, ends.Select(_ => ArgumentRole.Passive), "", structure: id);

        // Locals assigned in the body but without a value before the loop cannot be read after it (C# definite
        // assignment); the carried ones now name their values after the loop.
        _current.Clear();
        foreach (var pair in entry) _current[pair.Key] = pair.Value;
        for (int i = 0; i < carried.Count; i++) _current[carried[i]] = exits[i];
    }

    private void LowerIf(IConditionalOperation branch)
    {
        var syntax = (IfStatementSyntax)branch.Syntax;
        BeginStatement(syntax, syntax.SyntaxTree.GetText().ToString(TextSpan.FromBounds(syntax.SpanStart, syntax.CloseParenToken.Span.End)));
        var assigned = AssignedVariables(branch.WhenTrue).Concat(branch.WhenFalse is null ? Enumerable.Empty<ISymbol>() : AssignedVariables(branch.WhenFalse))
            .Distinct(SymbolEqualityComparer.Default).ToList();
        var entry = new Dictionary<ISymbol, int>(_current, SymbolEqualityComparer.Default);
        int id = Branches.Count;
        int parentBlock = _block;
        int then = NewBlock(_loop), otherwise = NewBlock(_loop);
        Branches.Add(new BranchModel(id, _statement, then, otherwise, _loop));
        int statement = _statement;
        HidesCarrier(branch.Condition);
        UsesPointers(branch.Condition);
        AddStep(StepKind.IfBegin, new int[0], new Operand[0], new ArgumentRole[0], Render(branch.Condition), structure: id);

        var thenValues = LowerBranch(branch.WhenTrue, then, entry);
        _block = parentBlock;
        _statement = statement;
        AddStep(StepKind.Else, new int[0], new Operand[0], new ArgumentRole[0], "", structure: id);
        var elseValues = branch.WhenFalse is null ? new Dictionary<ISymbol, int>(entry, SymbolEqualityComparer.Default) : LowerBranch(branch.WhenFalse, otherwise, entry);
        _block = parentBlock;
        _statement = statement;

        // A variable is merged when both branches leave it a value (else C# forbids reading it after the if).
        var merged = assigned.Where(s => thenValues.ContainsKey(s) && elseValues.ContainsKey(s)).ToList();
        var results = merged.Select(s => NewValue(s.Name, _values[thenValues[s]].Kind, ComputedType(s, _values[thenValues[s]].Type), ValueOrigin.Local, varied: true).Id).ToList();
        var arguments = merged.Select(s => Operand.Of(thenValues[s])).Concat(merged.Select(s => Operand.Of(elseValues[s]))).ToList();
        AddStep(StepKind.IfEnd, results, arguments, arguments.Select(_ => ArgumentRole.Passive), "", structure: id);
        _current.Clear();
        foreach (var pair in entry) _current[pair.Key] = pair.Value;
        for (int i = 0; i < merged.Count; i++) _current[merged[i]] = results[i];
    }

    /// <summary>Lowers one branch from the values at the if; returns the values at its end.</summary>
    private Dictionary<ISymbol, int> LowerBranch(IOperation statement, int block, Dictionary<ISymbol, int> entry)
    {
        _current.Clear();
        foreach (var pair in entry) _current[pair.Key] = pair.Value;
        _block = block;
        LowerStatement(statement);
        return new Dictionary<ISymbol, int>(_current, SymbolEqualityComparer.Default);
    }

    private int NewBlock(int loop)
    {
        int id = Blocks.Count;
        Blocks.Add(new BlockModel(id, _block, loop));
        return id;
    }

    /// <summary>The C# type of a carried or merged value: a scalar has its variable's type (a double local may hold a
    /// float argument's value, widened); a tensor the type of its value.</summary>
    private static string ComputedType(ISymbol variable, string type) =>
        KnownTypes.Classify(TypeOf(variable)) == ValueKind.Scalar ? KnownTypes.Display(TypeOf(variable)) : type;

    private static ArgumentRole RoleOf(ValueKind kind) => kind == ValueKind.Tensor ? ArgumentRole.Tensor : ArgumentRole.Scalar;

    /// <summary>The differentiable locals and arguments a statement assigns, in order of first assignment.</summary>
    private List<ISymbol> AssignedVariables(IOperation statement)
    {
        var result = new List<ISymbol>();
        void Add(IOperation target)
        {
            if (target is ITupleOperation tuple)
            {
                foreach (var element in tuple.Elements) Add(element);
                return;
            }
            if (target is IDeclarationExpressionOperation declaration)
            {
                Add(declaration.Expression);
                return;
            }
            var symbol = AssignableLocal(target);
            if (symbol is not null && KnownTypes.Classify(TypeOf(symbol)) != ValueKind.Passive && !result.Contains(symbol, SymbolEqualityComparer.Default))
                result.Add(symbol);
        }
        foreach (var node in statement.DescendantsAndSelf())
        {
            switch (node)
            {
                case ISimpleAssignmentOperation a:
                    Add(a.Target);
                    break;
                case ICompoundAssignmentOperation c:
                    Add(c.Target);
                    break;
                case IDeconstructionAssignmentOperation d:
                    Add(d.Target);
                    break;
            }
        }
        return result;
    }

    /// <summary>A loop header may read integers, arrays, flags and tensor shapes, but no value that carries gradient.</summary>
    private void CheckHeader(IEnumerable<IOperation> header)
    {
        foreach (var part in header)
        {
            foreach (var node in part.DescendantsAndSelf())
            {
                if (!ReadsGradientCarrier(node)) continue;
                if (node.Parent is IPropertyReferenceOperation { Property.Name: "Shape" or "Length" or "Rank" } && KnownTypes.IsTensor(node.Type)) continue;
                Report(DiagnosticDescriptors.LoopDependsOnDifferentiable, node.Syntax, Placeholder.OneLine(node.Syntax.ToString()));
            }
        }
    }

    private bool ReadsGradientCarrier(IOperation node) => node switch
    {
        ILocalReferenceOperation l => _current.TryGetValue(l.Local, out var id) && _values[id].Varied,
        IParameterReferenceOperation p => _current.TryGetValue(p.Parameter, out var id) && _values[id].Varied,
        IMemberReferenceOperation m => IsContainerTensor(m),
        _ => false,
    };

    /// <summary>True for a value made by a constant step that is <c>null</c> or <c>default</c>.</summary>
    private bool IsNullConstant(int valueId) =>
        Steps.Any(st => st.Kind == StepKind.Constant && st.Results.Count == 1 && st.Results[0] == valueId && st.Callee is "null" or "null!" or "default" or "default!");

    private void CheckCounterNotWritten(ILocalSymbol counter, IOperation body)
    {
        foreach (var node in body.DescendantsAndSelf())
        {
            IOperation? target = node switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, counter))
                Report(DiagnosticDescriptors.LoopCounterWritten, node.Syntax, counter.Name);
        }
    }
}
