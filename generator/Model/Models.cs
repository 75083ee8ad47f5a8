using AutoGradRnn.Generator.Infrastructure;

namespace AutoGradRnn.Generator.Model;

// The forward IR: equatable records of strings, numbers and arrays; never a Roslyn symbol or syntax node.

/// <summary>Where a value comes from.</summary>
internal enum ValueOrigin
{
    Parameter,
    ContainerMember,
    Local,
    Temporary,
}

/// <summary>One SSA value of the forward computation. <paramref name="Name"/> is the preferred name (the
/// source local, or one derived from the operation); the planner makes names unique.</summary>
/// <param name="Block">The block the value is defined in (0: the method body; see <see cref="BlockModel"/>).</param>
/// <param name="Loop">The innermost loop around its definition (−1: none): the forward saves one per iteration.</param>
/// <param name="Member">For a <see cref="ValueOrigin.ContainerMember"/>: the container parameter and the member read.</param>
internal sealed record ValueModel(int Id, string Name, ValueKind Kind, string Type, ValueOrigin Origin, bool Varied, int Block, int Loop, MemberModel? Member = null);

/// <summary>A tensor member of a container parameter, as <c>p.W</c> reads it: the parameter's name and the member's.</summary>
internal sealed record MemberModel(string Container, string Name);

/// <summary>An argument: a value, or (when <see cref="ValueId"/> is −1) a literal usable anywhere.</summary>
internal sealed record Operand(int ValueId, string Literal)
{
    public bool IsValue => ValueId >= 0;

    public static Operand Of(int id) => new(id, "");

    public static Operand OfLiteral(string literal) => new(-1, literal);
}

internal enum StepKind
{
    /// <summary>A call of a primitive (method or operator) with a [DerivativeRule].</summary>
    Primitive,

    /// <summary>A call of another [Differentiable] method, composed through its generated forward and backward.</summary>
    Call,

    /// <summary>double arithmetic: + − * / on two operands.</summary>
    ScalarBinary,

    /// <summary>double negation.</summary>
    ScalarNegate,

    /// <summary>A value copied from another (a = b).</summary>
    Copy,

    /// <summary>A value computed by plain C# from nothing that carries gradient (saved, never differentiated).</summary>
    Constant,

    /// <summary>A statement on passive values only, emitted in the forward as written.</summary>
    Passive,

    /// <summary>The method's return: one operand per output.</summary>
    Return,

    /// <summary>The start of a <c>for</c> loop (<see cref="StepModel.Structure"/> is its <see cref="LoopModel"/>):
    /// Results are the carried values as each iteration starts, Arguments their values on entry.</summary>
    LoopBegin,

    /// <summary>The end of a loop: Arguments are the carried values as an iteration ends, Results their values after the loop.</summary>
    LoopEnd,

    /// <summary>The start of an <c>if</c> (<see cref="StepModel.Structure"/> is its <see cref="BranchModel"/>); Callee is the condition.</summary>
    IfBegin,

    /// <summary>The start of the else branch.</summary>
    Else,

    /// <summary>The end of an <c>if</c>: Results are the values of the variables either branch assigned; Arguments are
    /// their values at the end of the then branch, followed by their values at the end of the else branch.</summary>
    IfEnd,
}

/// <summary>How an argument of a primitive or call is differentiated.</summary>
internal enum ArgumentRole
{
    Passive,
    Tensor,
    Scalar,
    Container,
}

/// <summary>One step of the flattened forward computation.</summary>
/// <param name="Callee">Primitive: the method (global-qualified) or the operator token; Call: the global-qualified
/// containing type and method name; Constant/Passive: the C# text.</param>
/// <param name="Rule">Primitive: the global-qualified rule method.</param>
/// <param name="Formula">Primitive: the rule's formula with the rule's parameter names, if the attribute gives one.</param>
/// <param name="Into">Primitive: the global-qualified destination-passing form (reuses a buffer), or empty.</param>
/// <param name="ShapeFormula">Primitive: the result's shape formula, parameters written $0, $1, … (see DerivativeRule.Shape).</param>
/// <param name="Block">The block the step is in.</param>
/// <param name="Structure">LoopBegin/LoopEnd: the loop id; IfBegin/Else/IfEnd: the branch id; else −1.</param>
/// <param name="Reads">Primitive: per argument and then the result, whether the rule reads its value (its [RuleReads]);
/// empty when the rule does not say, so it reads them all.</param>
/// <param name="RowOperands">Primitive: per argument, whether the result's rows follow its rows ([DerivativeRule(RowWise = …)]);
/// empty when the primitive is not row-wise.</param>
/// <param name="Product">Primitive: the rule's TransposedProduct as argument positions (weight, left factor, right factor;
/// −1: the result's adjoint), empty when it declares none.</param>
internal sealed record StepModel(
    StepKind Kind,
    int Statement,
    EquatableArray<int> Results,
    EquatableArray<Operand> Arguments,
    EquatableArray<ArgumentRole> Roles,
    string Callee,
    bool IsOperator,
    string Rule,
    string Formula,
    EquatableArray<string> RuleParameters,
    string Into,
    string ShapeFormula,
    int Block,
    int Structure,
    EquatableArray<bool> Reads = default,
    EquatableArray<bool> RowOperands = default,
    EquatableArray<int> Product = default);

/// <summary>A block of statements: the method body (id 0), a loop body or an if branch.</summary>
/// <param name="Parent">The enclosing block (−1 for the method body).</param>
/// <param name="Loop">The innermost loop whose body contains this block (−1: none).</param>
internal sealed record BlockModel(int Id, int Parent, int Loop);

/// <summary>A <c>for</c> loop: its header pieces (C# with placeholders for the values they read), its body block
/// and the loop around it.</summary>
internal sealed record LoopModel(int Id, int Statement, string Initializer, string Condition, string Incrementor, int Body, int Parent);

/// <summary>An <c>if</c> statement: its then and else blocks, and the loop around it.</summary>
internal sealed record BranchModel(int Id, int Statement, int Then, int Else, int Loop);

/// <summary>A source statement, quoted in the generated code above the steps it became. Its line and column (1-based,
/// where it starts) identify it within its method: tools such as <c>show --html</c> link the forward and backward blocks
/// that quote the same position.</summary>
internal sealed record StatementModel(int Line, int Column, string Text)
{
    /// <summary>Where the statement starts, as <c>line:column</c> (<c>45:9</c>).</summary>
    public string Position => Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Column.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <param name="Name">The name as declared (without @): as it appears in strings and derived names.</param>
/// <param name="Adjoint">The name of its adjoint parameter in the generated members (dx, d_o), unique among the parameters.</param>
internal sealed record ParameterModel(string Name, ValueKind Kind, string Type, int ValueId, string Adjoint)
{
    /// <summary>The name as C# source (@class for a keyword).</summary>
    public string Identifier => Infrastructure.Identifiers.Escape(Name);
}

internal sealed record OutputModel(string Name, ValueKind Kind);

/// <summary>A type that encloses the method, outermost first, as needed to reopen it as partial.</summary>
internal sealed record TypeDeclarationModel(string Keyword, string Name);

/// <summary>Everything the planner and emitter need about one [Differentiable] method. <paramref name="IsPlaceholder"/>: the
/// body was rejected, so only the signature is known and the generated members throw (see MethodEmitter).
/// <paramref name="IsWindowPart"/>: a part of a cell's Step in its window form (StepInputs, StepRecurrent), which the user
/// did not write: it gets a tape, a forward and a backward, no entry points.
/// <paramref name="Fusions"/>: the fused primitives that may replace compositions of its steps (the fusion pass).
/// <paramref name="ContractOnly"/>: a cell's Step whose declaration the generator rejected: only the cell's contract members
/// are emitted, throwing, so that the type still implements IRecurrentCell and its AGR errors are the ones the user sees.</summary>
internal sealed record MethodModel(
    string Namespace,
    EquatableArray<TypeDeclarationModel> ContainingTypes,
    string ContainingTypeFullName,
    string Name,
    string Accessibility,
    string ReturnType,
    bool ReturnsTuple,
    EquatableArray<OutputModel> Outputs,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ValueModel> Values,
    EquatableArray<StepModel> Steps,
    EquatableArray<StatementModel> Statements,
    EquatableArray<BlockModel> Blocks,
    EquatableArray<LoopModel> Loops,
    EquatableArray<BranchModel> Branches,
    EquatableArray<string> ReservedNames,
    EquatableArray<string> Usings,
    string HintName,
    LocationInfo Location,
    bool IsPlaceholder = false,
    CellContractModel? Cell = null,
    bool IsWindowPart = false,
    EquatableArray<FusionModel> Fusions = default,
    bool ContractOnly = false);

/// <summary>The <c>IRecurrentCell</c> contract a cell's <c>Step</c> implements: <c>Step(Weights p, Tensor x, Tensor s1, …)</c>
/// returning the next (s1, …).</summary>
/// <param name="Interface">The global-qualified <c>IRecurrentCell&lt;Cell&gt;</c>.</param>
/// <param name="WeightsType">The global-qualified type of the weights (the first parameter).</param>
/// <param name="StateNames">The state parameters' names, in order.</param>
/// <param name="Valid">False when Step does not have the shape (AGR021) or its declaration has an error: the contract's members are emitted to throw.</param>
/// <param name="Primitives">The runtime primitives the window form's column split inserts (<see cref="Fission.SplitPrimitives"/>),
/// read from their [DerivativeRule] like any other call: ColumnsOf, OtherColumns and Add as steps without operands; empty
/// when the runtime has none of them.</param>
internal sealed record CellContractModel(string Interface, string WeightsType, EquatableArray<string> StateNames, bool Valid = true,
    EquatableArray<StepModel> Primitives = default);

/// <summary>The result of the transform: the model when the method can be generated, and every problem found.</summary>
internal sealed record ParseResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
