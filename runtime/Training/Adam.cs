using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn.Training;

/// <summary>
/// Adam (Kingma and Ba) with bias correction:
/// <c>m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p -= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + eps)</c>,
/// with t the 1-based step. The bias corrections are computed in double, every element operation in the
/// parameter's element type. State slots: <c>m</c> and <c>v</c>.
/// </summary>
public sealed class Adam : Optimizer
{
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate, "m", "v")
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must be in [0, 1); got {beta1}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must be in [0, 1); got {beta2}.");
        if (!double.IsFinite(epsilon) || epsilon < 0) throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be finite and non-negative; got {epsilon}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Hyperparameters = new Dictionary<string, double> { ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = epsilon };
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public override string Kind => "adam";

    public override IReadOnlyDictionary<string, double> Hyperparameters { get; }

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch1, Span<float> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, State<float>(0, index), State<float>(1, index), scratch1, scratch2, learningRate, step);

    protected override void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> scratch1, Span<double> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, State<double>(0, index), State<double>(1, index), scratch1, scratch2, learningRate, step);

    private void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> s1, Span<T> s2, double lr, long step) where T : IFloatingPointIeee754<T>
    {
        double correction1 = 1 - Math.Pow(Beta1, step);
        double correction2 = 1 - Math.Pow(Beta2, step);

        TensorPrimitives.Multiply(m, Cast<T>(Beta1), m);      // β1·m
        TensorPrimitives.Multiply(g, Cast<T>(1 - Beta1), s1); // (1−β1)·g
        TensorPrimitives.Add(m, s1, m);                       // m = β1·m + (1−β1)·g
        TensorPrimitives.Multiply(v, Cast<T>(Beta2), v);      // β2·v
        TensorPrimitives.Multiply(g, g, s1);                  // g²
        TensorPrimitives.Multiply(s1, Cast<T>(1 - Beta2), s1);// (1−β2)·g²
        TensorPrimitives.Add(v, s1, v);                       // v = β2·v + (1−β2)·g²
        TensorPrimitives.Divide(m, Cast<T>(correction1), s1); // m̂
        TensorPrimitives.Divide(v, Cast<T>(correction2), s2); // v̂
        TensorPrimitives.Sqrt(s2, s2);                        // sqrt(v̂)
        TensorPrimitives.Add(s2, Cast<T>(Epsilon), s2);       // sqrt(v̂) + eps
        TensorPrimitives.Divide(s1, s2, s1);                  // m̂ / (sqrt(v̂) + eps)
        TensorPrimitives.Multiply(s1, Cast<T>(lr), s1);       // lr · …
        TensorPrimitives.Subtract(p, s1, p);                  // p -= lr · …
    }
}
