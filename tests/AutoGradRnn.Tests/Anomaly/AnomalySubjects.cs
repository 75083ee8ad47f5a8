using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Anomaly;

/// <summary>Methods with planted faults for anomaly mode: a Log whose argument reaches 0 inside nested loops, and a
/// primitive whose custom rule writes NaN into its adjoint.</summary>
public static partial class AnomalySubjects
{
    /// <summary>x loses <paramref name="step"/> every inner iteration; Log(x) is −Inf once an entry reaches 0.</summary>
    [Differentiable]
    public static double LogAfterDecay(Tensor x, Tensor step)
    {
        double loss = 0;
        for (int s = 0; s < 2; s++)
        {
            for (int t = 0; t < 3; t++)
            {
                x = x - step;
                loss += Sum(Log(x));
            }
        }
        return loss;
    }

    /// <summary>Poisoned.Halve three times; its rule writes NaN into entry 2 of dx.</summary>
    [Differentiable]
    public static double PoisonInLoop(Tensor x)
    {
        double loss = 0;
        for (int t = 0; t < 3; t++)
        {
            var y = Poisoned.Halve(x);
            loss += Sum(Tanh(y));
        }
        return loss;
    }
}

/// <summary>A user's primitive with a wrong custom rule: its forward is right, its rule returns NaN in entry 2.</summary>
public static class Poisoned
{
    [DerivativeRule(nameof(HalveBackward), Formula = "dx += dy / 2, but NaN at entry 2")]
    public static Tensor Halve(Tensor x) => x * 0.5;

    public static void HalveBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is null) return;
        for (int i = 0; i < dx.Length; i++) dx.SetAt(i, dx.GetAt(i) + (i == 2 ? double.NaN : dy.GetAt(i) / 2));
    }
}
