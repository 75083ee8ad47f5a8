namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// One primitive and its rule, packaged for the checker: the scalar f(x) = ⟨R, P(x)⟩ for a fixed random R
/// (or f = P(x) when P returns a scalar), whose gradient by the rule is the rule applied with dy = R.
/// </summary>
public sealed class RuleCase
{
    public RuleCase(string name, Func<Rng, Tensor[]> inputs, Func<Tensor[], object> forward, Action<Tensor[], object, object, Tensor?[]> backward)
    {
        Name = name;
        MakeInputs = inputs;
        Forward = forward;
        Backward = backward;
    }

    public string Name { get; }

    /// <summary>Makes the inputs (the tensors differentiated) in the given precision from a seeded Rng.</summary>
    public Func<Rng, Tensor[]> MakeInputs { get; }

    /// <summary>Runs the primitive: a Tensor or a double.</summary>
    public Func<Tensor[], object> Forward { get; }

    /// <summary>Runs the rule: (inputs, result, adjoint of result, adjoints of inputs to accumulate into).</summary>
    public Action<Tensor[], object, object, Tensor?[]> Backward { get; }

    /// <summary>The primitive's destination-passing form (inputs, into), for a primitive that returns a Tensor;
    /// see <see cref="DerivativeRuleAttribute.Into"/>.</summary>
    public Func<Tensor[], Tensor?, Tensor>? ForwardInto { get; init; }

    /// <summary>The rule method <see cref="Backward"/> calls, whose [RuleReads] the rule-reads tests hold it to.</summary>
    public System.Reflection.MethodInfo? Rule { get; init; }

    /// <summary>The primitive, for one that returns a double, without boxing its result (for the allocation tests).</summary>
    public Func<Tensor[], double>? ForwardScalar { get; init; }

    public override string ToString() => Name;

    /// <summary>
    /// Runs the primitive and its rule once in <paramref name="dtype"/>. The inputs and the adjoint of the
    /// result are rounded to float32 first, so both precisions start from the same numbers and differ only
    /// by the arithmetic of the kernels. A scalar result gets the adjoint 0.75.
    /// </summary>
    /// <remarks>With <paramref name="shapeOnlyInputs"/> and <paramref name="shapeOnlyResult"/>, the rule is given tensors
    /// that hold only the shapes of those inputs and of the result, as generated code gives a rule for what its
    /// [RuleReads] does not name.</remarks>
    public (object Value, Tensor[] Gradients) Run(DType dtype, ulong seed, IReadOnlyCollection<int>? shapeOnlyInputs = null, bool shapeOnlyResult = false)
    {
        var x = MakeInputs(new Rng(seed)).Select(t => t.ToFloat32().To(dtype)).ToArray();
        var y = Forward(x);
        object dy = y is Tensor t ? Init.Normal(new Rng(seed + 1000), DType.Float32, 0, 1, t.Shape.ToArray()).To(dtype) : 0.75;
        var gradients = x.Select(Tensor.ZerosLike).ToArray();
        var given = x.Select((v, i) => shapeOnlyInputs?.Contains(i) == true ? Tensor.ShapeOnly(v, null) : v).ToArray();
        Backward(given, shapeOnlyResult ? Tensor.ShapeOnly((Tensor)y, null) : y, dy, gradients);
        return (y, gradients);
    }

    /// <summary>The checker's view of this case in float64, seeded.</summary>
    public IDifferentiableFunction ToFunction(ulong seed)
    {
        var x = MakeInputs(new Rng(seed));
        var probe = Forward(x);
        var projection = probe is Tensor t ? Init.Normal(new Rng(seed + 1000), t.DType, 0, 1, t.Shape.ToArray()) : null;
        double Scalar(object y) => y is Tensor ty ? Ops.Dot(ty, projection!) : 0.75 * (double)y;
        var named = x.Select((v, i) => new NamedTensor($"x{i}", v)).ToList();
        return new DifferentiableFunction(
            named,
            () => Scalar(Forward(x)),
            gradients =>
            {
                var y = Forward(x);
                object dy = y is Tensor ? projection! : 0.75;
                Backward(x, y, dy, gradients.Cast<Tensor?>().ToArray());
                return Scalar(y);
            });
    }
}
