namespace AutoGradRnn;

/// <summary>An <see cref="IDifferentiableFunction"/> made of two delegates, for hand-written gradients
/// (tests of a rule, a reference implementation) that the checker should confirm.</summary>
public sealed class DifferentiableFunction : IDifferentiableFunction
{
    private readonly Func<double> _value;
    private readonly Func<IReadOnlyList<Tensor>, double> _valueAndGradient;

    public DifferentiableFunction(IReadOnlyList<NamedTensor> inputs, Func<double> value, Func<IReadOnlyList<Tensor>, double> valueAndGradient,
        double forwardTolerance = 0)
    {
        Inputs = inputs;
        ForwardTolerance = forwardTolerance;
        _value = value;
        _valueAndGradient = valueAndGradient;
    }

    public IReadOnlyList<NamedTensor> Inputs { get; }

    /// <inheritdoc/>
    public double ForwardTolerance { get; }

    public double Value() => _value();

    public double ValueAndGradient(IReadOnlyList<Tensor> gradients) => _valueAndGradient(gradients);
}
