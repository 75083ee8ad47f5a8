using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn.Training;

/// <summary>Plain stochastic gradient descent: <c>p -= lr·g</c> (the PTB recipe, with lr 1).</summary>
public sealed class Sgd : Optimizer
{
    public Sgd(double learningRate) : base(learningRate) { }

    public override string Kind => "sgd";

    public override IReadOnlyDictionary<string, double> Hyperparameters { get; } = new Dictionary<string, double>();

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch1, Span<float> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, scratch1, learningRate);

    protected override void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> scratch1, Span<double> scratch2, double learningRate, long step) =>
        Apply(parameter, gradient, scratch1, learningRate);

    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> s, double lr) where T : IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(g, Cast<T>(lr), s); // lr·g
        TensorPrimitives.Subtract(p, s, p);           // p -= lr·g
    }
}
