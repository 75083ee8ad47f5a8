namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>A primitive whose rule throws once when armed, inside a loop whose weight gradient is collected for one
/// product: a backward pass cut short after it collected rows it never added.</summary>
public static partial class CutShort
{
    /// <summary>When set, the next call of <see cref="PassBackward"/> throws (and clears it).</summary>
    [ThreadStatic] public static bool Armed;

    [DerivativeRule(nameof(PassBackward), Formula = "dx += dy")]
    public static Tensor Pass(Tensor x) => Ops.Scale(x, 1.0);

    public static void PassBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (Armed)
        {
            Armed = false;
            throw new InvalidOperationException("a backward pass cut short");
        }
        Adjoints.Accumulate(dx, dy);
    }

    [Differentiable]
    public static double Loss(Tensor w, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < 4; t++)
        {
            h = Ops.Tanh(Ops.MatVec(w, Pass(h)));
            loss += Ops.Sum(h);
        }
        return loss;
    }
}
