namespace AutoGradRnn;

/// <summary>
/// Declares a method (or operator) a primitive and names the method that computes its vector-Jacobian
/// product. The generator reads this attribute from the called method's metadata; it knows nothing else
/// about any operation.
/// </summary>
/// <remarks>
/// The rule is a <c>static void</c> method whose parameters are, in order:
/// every parameter of the primitive (same types); the primitive's result; the adjoint of the result
/// (same type as the result); then, for each differentiable parameter of the primitive, its adjoint:
/// <c>Tensor?</c> for a <c>Tensor</c> (null when that argument needs no gradient) and <c>ref double</c>
/// for a <c>double</c>. Parameters of type int, int[] and bool have no adjoint. The rule
/// <em>accumulates</em> (+=) into the adjoints it is given.
/// <code>
/// [DerivativeRule(nameof(TanhBackward))]
/// public static Tensor Tanh(Tensor x) { ... }
/// public static void TanhBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { ... }
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeRuleAttribute : Attribute
{
    /// <summary>The rule is a method named <paramref name="ruleName"/> in the primitive's own type.</summary>
    public DerivativeRuleAttribute(string ruleName)
    {
        RuleName = ruleName;
    }

    /// <summary>The rule is a method named <paramref name="ruleName"/> in <paramref name="ruleType"/>.</summary>
    public DerivativeRuleAttribute(Type ruleType, string ruleName)
    {
        RuleType = ruleType;
        RuleName = ruleName;
    }

    public Type? RuleType { get; }

    public string RuleName { get; }

    /// <summary>The rule as a formula in the rule's own parameter names, e.g. <c>dx += (1 − y∘y) ∘ dy</c>.
    /// The generator quotes it above each use, with the names at that use substituted.</summary>
    public string? Formula { get; set; }

    /// <summary>The destination-passing form of the primitive, used by generated code to reuse buffers so that a
    /// warm training step allocates nothing. It is a method of this name in the rule's type (<see cref="RuleType"/>,
    /// or the primitive's own type) whose parameters are the primitive's parameters followed by <c>Tensor? into</c>;
    /// it returns <c>into</c>, overwritten with the result, when <c>into</c> has the result's shape and element type,
    /// and a new tensor otherwise. Primitives that return <c>double</c> have none.</summary>
    public string? Into { get; set; }

    /// <summary>The result's shape as a formula in the primitive's parameter names, which the generated file uses to
    /// state what its tape keeps: a comma-separated list of <c>x</c> (all of x's dimensions), <c>x[i]</c> (dimension i,
    /// negative counting from the end), <c>x[..-1]</c> (all but the last), integer parameters and literals, joined by
    /// + − * /; <c>broadcast(a, b, …)</c> is the largest of the shapes (the others repeat over its rows). Example for <c>Concat</c>: <c>a[..-1], a[-1] + b[-1]</c>.</summary>
    public string? Shape { get; set; }

    /// <summary>The parameters (comma-separated names, e.g. <c>"a, b"</c>) whose rows the result's rows follow: row r of
    /// the result depends only on row r of each of them and on the whole of every other parameter. Such a primitive
    /// gives the same rows over all T·B rows of a window at once as over each step's B rows, as long as the other
    /// parameters do not change from row to row. A cell's generated window form (docs/bptt.md) moves a value out of the
    /// time loop only when every primitive computing it says so, with its inputs in these parameters and its weights
    /// in the others. Unset (the default): not row-wise.</summary>
    public string? RowWise { get; set; }

    /// <summary>A parameter whose adjoint the rule adds a transposed product to, and the product's two factors:
    /// <c>"w: dy, x"</c> says the rule adds dyᵀ·x to w's adjoint (dy: the rule's parameter for the result's adjoint; x: a
    /// parameter of the primitive; a vector counts as one row) and nothing else, and adds nothing to it when given a
    /// null adjoint. When a loop calls the primitive with the same w in every iteration (a container member inside a
    /// cell's Step or a method's loop, a method parameter inside a loop), generated code passes the rule a null adjoint
    /// for w and collects the two factors of every iteration in a <see cref="WindowProduct"/>, which adds them to w's
    /// adjoint as one product after the loop (for a cell's Step: after the window's last step). Unset (the default): the
    /// rule computes w's gradient itself in every iteration.</summary>
    public string? TransposedProduct { get; set; }
}
