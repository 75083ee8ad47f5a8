using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn.Training;

/// <summary>
/// Adagrad exactly as the course (min-char-rnn) writes it: <c>mem += g·g; p += -lr·g / sqrt(mem + eps)</c>,
/// each operation rounded in the parameter's element type. Course defaults: lr 0.1, eps 1e-8.
/// State slot: <c>memory</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    public Adagrad(double learningRate = 0.1, double epsilon = 1e-8) : base(learningRate, "memory")
    {
        if (!double.IsFinite(epsilon) || epsilon < 0) throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be finite and non-negative; got {epsilon}.");
        Epsilon = epsilon;
        Hyperparameters = new Dictionary<string, double> { ["eps"] = epsilon };
    }

    public double Epsilon { get; }

    public override string Kind => "adagrad";

    public override IReadOnlyDictionary<string, double> Hyperparameters { get; }

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch1, Span<float> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, State<float>(0, index), scratch1, scratch2, learningRate, Epsilon);

    protected override void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> scratch1, Span<double> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, State<double>(0, index), scratch1, scratch2, learningRate, Epsilon);

    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> mem, Span<T> s1, Span<T> s2, double lr, double eps) where T : IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(g, g, s1);           // g·g
        TensorPrimitives.Add(mem, s1, mem);            // mem += g·g
        TensorPrimitives.Multiply(g, Cast<T>(lr), s1); // lr·g
        TensorPrimitives.Add(mem, Cast<T>(eps), s2);   // mem + eps
        TensorPrimitives.Sqrt(s2, s2);                 // sqrt(mem + eps)
        TensorPrimitives.Divide(s1, s2, s1);           // lr·g / sqrt(mem + eps)
        TensorPrimitives.Subtract(p, s1, p);           // p += -(lr·g / sqrt(mem + eps))
    }
}
