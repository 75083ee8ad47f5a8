using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are never reused; each has a help page in docs/diagnostics/.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoGradRnn";
    private const string HelpRoot = "https://github.com/autogradrnn/autogradrnn/blob/main/docs/diagnostics/";

    private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: HelpRoot + id + ".md");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "AGR001",
        "Statement not supported in a [Differentiable] method",
        "A [Differentiable] method cannot contain {0}; write it with locals, assignments, calls and a return, or move it into a primitive with its own [DerivativeRule]",
        "The generator reverses only the statements it knows how to reverse exactly. Anything else is rejected at its span instead of being differentiated wrongly.");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "AGR002",
        "Expression not supported on a differentiated value",
        "The expression kind '{0}' cannot be differentiated; use tensor operators, double arithmetic or calls to primitives and [Differentiable] methods",
        "An expression whose value carries gradient must be built from operations the generator can reverse.");

    public static readonly DiagnosticDescriptor CallWithoutRule = Error(
        "AGR003",
        "Call without a derivative rule on a value that carries gradient",
        "'{0}' has no derivative rule, but its argument '{1}' carries gradient; mark it [Differentiable], or declare it a primitive with [DerivativeRule(nameof(...))]",
        "Only primitives (methods with a [DerivativeRule]) and [Differentiable] methods may receive values that carry gradient. The generator never guesses a derivative.");

    public static readonly DiagnosticDescriptor MutatesTensor = Error(
        "AGR004",
        "Write into a tensor that carries gradient",
        "'{0}' writes into a tensor that the backward pass reads; compute a new tensor and assign it to a local instead",
        "Reverse mode needs every value the forward produced; writing into an argument's tensor, a container's tensor or an element of a tensor would change them behind the backward pass.");

    public static readonly DiagnosticDescriptor Recursion = Error(
        "AGR005",
        "Recursive [Differentiable] method",
        "'{0}' calls itself; a [Differentiable] method cannot be recursive — write the repetition as a loop",
        "The generated forward stores its saved values in a tape of fixed structure, which a recursive call cannot have.");

    public static readonly DiagnosticDescriptor NotStatic = Error(
        "AGR006",
        "[Differentiable] method is not static",
        "'{0}' must be static to be [Differentiable]; pass what it needs (weights, state) as arguments or in a [Parameters] container",
        "The generated forward and backward are static methods beside the original; an instance method would hide state the gradient cannot see.");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "AGR007",
        "Type containing a [Differentiable] method is not partial",
        "Type '{0}' must be declared partial so that the generator can add the code it writes for '{1}'",
        "The generator adds members to the containing type (and to every type that encloses it), which C# allows only for partial types.");

    public static readonly DiagnosticDescriptor RuleSignatureMismatch = Error(
        "AGR008",
        "Derivative rule does not match its primitive",
        "The rule '{0}' of primitive '{1}' does not have the expected signature: static void {0}({2})",
        "A rule takes every parameter of its primitive, then the primitive's result and the result's adjoint, then one adjoint per differentiable parameter (Tensor? for a Tensor, ref double for a double), and returns void.");

    public static readonly DiagnosticDescriptor UnusedDifferentiableArgument = new(
        "AGR009",
        "Differentiable argument cannot affect the result",
        "Argument '{0}' of '{1}' cannot affect the result, so its gradient is always zero",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every differentiable argument gets an adjoint; one that never reaches the result has a zero gradient, which usually means a mistake in the forward code.",
        helpLinkUri: HelpRoot + "AGR009.md");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "AGR010",
        "Internal error in the AutoGradRnn generator",
        "The generator failed on '{0}': {1}. Please report this with the method's code.",
        "The generator met a case it does not handle. It reports it here instead of dropping the method silently or crashing the build.");

    public static readonly DiagnosticDescriptor RuleNotFound = Error(
        "AGR011",
        "Derivative rule not found",
        "Primitive '{0}' names the rule '{1}', but '{2}' has no static method of that name",
        "The method named by [DerivativeRule] must exist in the named type (by default the primitive's own type).");

    public static readonly DiagnosticDescriptor UnsupportedSignature = Error(
        "AGR012",
        "Parameter or return type not supported in a [Differentiable] method",
        "{0} of '{1}' has type '{2}'; a [Differentiable] method takes Tensor, double, float, int, bool, int[], int[][] or a [Parameters] container, and returns Tensor, double or a tuple of them",
        "The generator knows how to differentiate tensors and scalars, and how to pass integers and flags through unchanged; other types need a primitive of their own.");

    public static readonly DiagnosticDescriptor LoopCounterWritten = Error(
        "AGR013",
        "Loop counter written inside the loop body",
        "The loop counter '{0}' is assigned inside the body of the loop; the backward pass replays the iterations the header counts, so only the loop's own incrementor may change it",
        "A loop is reversed by running its iterations backwards over the values saved for each one. Changing the counter in the body makes the iterations depend on the body in ways the reverse pass does not replay; compute a separate local instead.");

    public static readonly DiagnosticDescriptor LoopDependsOnDifferentiable = Error(
        "AGR014",
        "Loop header depends on a differentiable value",
        "The loop header reads '{0}', which carries gradient; a loop's bounds and condition must come from integers, arrays, flags or tensor shapes",
        "How many times a loop runs is not a differentiable function of the values it computes. Bound the loop by a length, a count or a tensor's shape, and put a data-dependent decision in an if inside the loop, where the branch taken is recorded.");

    public static readonly DiagnosticDescriptor JumpNotReversible = Error(
        "AGR015",
        "Jump statement that cannot be reversed",
        "A {0} inside a loop or an if cannot be reversed; guard the rest of the body with an if instead, and return once, at the end of the method",
        "break, continue and an early return leave an iteration half done; the reverse pass replays whole iterations and whole branches. An if around the remaining statements computes the same thing and is reversed exactly.");

    public static readonly DiagnosticDescriptor NotAMethod = Error(
        "AGR016",
        "Attribute on a declaration the generator does not handle",
        "[{0}] cannot be applied to {1}; it applies to {2}",
        "[Differentiable] marks a static method with a body in a partial type; [Parameters] marks a partial, non-static, non-abstract class. On any other declaration the generator would do nothing, so it says so instead of ignoring the attribute.");

    public static readonly DiagnosticDescriptor GeneratedNameTaken = Error(
        "AGR017",
        "Name needed by the generated code is taken",
        "The code generated for '{0}' needs the name '{1}' in '{2}', but {3}; rename one of them",
        "The generator adds members named after the method ({Method}Tape, {Method}Forward, {Method}Backward, {Method}WithGradient, {Method}Function) or, for a [Parameters] class, TensorCount, NamedTensors, ZerosLike, ZeroAll and FromTensors. A member of the same name, or a second [Differentiable] overload, would make the generated code ambiguous.");

    public static readonly DiagnosticDescriptor CallsRejectedMethod = Error(
        "AGR018",
        "Call of a [Differentiable] method the generator rejected",
        "'{0}' is [Differentiable], but the generator rejected its declaration ({1}); fix that first",
        "A call of another [Differentiable] method uses that method's generated forward and backward. When its declaration is rejected (not static, generic, in a type that is not partial, or with parameter or return types the generator does not take) there is nothing to call, and the caller reports it here instead of emitting code that cannot compile.");

    public static readonly DiagnosticDescriptor ContainerMemberNotSettable = Error(
        "AGR019",
        "[Parameters] member the generated code cannot set",
        "'{0}' is a public Tensor {1} of [Parameters] class '{2}', but {3}; make it a field that is not readonly, or a property with a set or init accessor",
        "Every public Tensor field and settable property of a [Parameters] class is a trainable parameter. The generated ZerosLike and FromTensors build new containers by setting each of them, which a readonly field or a property without a setter does not allow.");

    public static readonly DiagnosticDescriptor StaticStateRead = Error(
        "AGR020",
        "Static mutable field read in a [Differentiable] method",
        "'{0}' is a static field that is neither const nor readonly; pass its value in as an argument, or make the field const or readonly",
        "A [Differentiable] method is a function of its arguments: its generated forward, its backward and the gradient checker's call of the method itself must all see the same values. A static field that can change between them breaks that, and a tensor or double kept in one carries no gradient back to where it came from. Static state that cannot change (const, static readonly) is read like a constant.");

    public static readonly DiagnosticDescriptor CellStepShape = Error(
        "AGR021",
        "A cell's Step does not have the shape of a cell step",
        "'{0}' implements IRecurrentCell, so its [Differentiable] Step must be Step(Weights p, Tensor x, Tensor state, …) returning the next state, but {1}",
        "A cell's Step takes its [Parameters] weights, the input x and each state tensor, in that order, and returns the next state: a Tensor for one state tensor, or a tuple of Tensors, one per state parameter in the same order. The generator implements the rest of the IRecurrentCell contract from it, so the recurrence, the tasks and the trainer can run the cell.");

    public static readonly DiagnosticDescriptor InvalidShapeFormula = Error(
        "AGR022",
        "Shape formula of a primitive is not valid",
        "The Shape formula '{0}' of primitive '{1}' is not valid at '{2}'; write a comma-separated list of x, x[i], x[..-1], int parameters and integers joined by + - * /, or broadcast(a, b), naming the primitive's parameters",
        "The generator reads a primitive's Shape formula to state what the tape keeps. A formula it cannot read, or one naming something that is not a parameter of the primitive, is reported where the primitive is called instead of being ignored.");

    public static readonly DiagnosticDescriptor RuleReadsUnknownParameter = Error(
        "AGR023",
        "A rule declares that it reads a parameter it does not have",
        "[RuleReads] on rule '{0}' names '{1}', which is not one of the parameters standing for the primitive's arguments and result ({2})",
        "[RuleReads] on a derivative rule names the values the rule reads, in the rule's own parameter names, among those that stand for the primitive's arguments and its result. Generated code keeps on the tape only those values; a name that is none of them would leave a value the rule reads without storage, so it is reported where the primitive is called.");

    public static readonly DiagnosticDescriptor InvalidRowWise = Error(
        "AGR024",
        "RowWise of a primitive names something that is not a Tensor parameter",
        "RowWise '{0}' of primitive '{1}' names '{2}', which is not one of its Tensor parameters ({3})",
        "[DerivativeRule(RowWise = …)] lists the Tensor parameters whose rows the primitive's result rows follow, so that a cell's window form can run it over all the rows of a window at once. A name that is none of them would make the generator move a value out of the time loop on a wrong promise, so it is reported where the primitive is called.");

    public static readonly DiagnosticDescriptor InvalidFusion = Error(
        "AGR025",
        "[Fuses] declaration the generator cannot apply",
        "[Fuses] on '{0}' is never applied: {1}",
        "[Fuses(\"…\")] declares that a fused primitive computes a composition of other primitives, written as a call expression over primitives of its own type and its own parameter names. A declaration the generator cannot read, or one that another declaration of the same composition shadows, would never be applied; it is reported at its composition instead of being dropped silently.");

    public static readonly DiagnosticDescriptor InvalidTransposedProduct = Error(
        "AGR026",
        "TransposedProduct of a primitive the generator cannot read",
        "TransposedProduct '{0}' of primitive '{1}': {2}; expected 'w: a, b' with w a Tensor parameter of the primitive and a, b each a Tensor parameter other than w or the rule's result adjoint '{3}'",
        "[DerivativeRule(TransposedProduct = \"w: a, b\")] declares that the rule adds aᵀ·b to w's adjoint, so that generated code can collect the two factors over a loop's iterations and add them as one product after the loop. A declaration the generator cannot read, or one naming something that is not a tensor the rule is given, would make it pass the rule a null adjoint on a wrong promise, so it is reported where the primitive is called.");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new[]
    {
        UnsupportedStatement, UnsupportedExpression, CallWithoutRule, MutatesTensor, Recursion, NotStatic, NotPartial,
        RuleSignatureMismatch, UnusedDifferentiableArgument, InternalError, RuleNotFound, UnsupportedSignature,
        LoopCounterWritten, LoopDependsOnDifferentiable, JumpNotReversible, NotAMethod, GeneratedNameTaken, CallsRejectedMethod,
        ContainerMemberNotSettable, StaticStateRead, CellStepShape, InvalidShapeFormula, RuleReadsUnknownParameter,
        InvalidRowWise, InvalidFusion, InvalidTransposedProduct,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => All[id];
}
