using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Primitives paired with deliberately wrong rules, for tests that the gradient checker catches them.
/// Inputs are named x0, x1 by <see cref="RuleCase.ToFunction"/>.</summary>
public static class WrongRules
{
    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 1, dims);

    /// <summary>tanh with dx += y ∘ dy, the output where 1 − y² belongs.</summary>
    public static RuleCase TanhWithYForOneMinusYSquared() => new(
        "tanh, wrong rule",
        r => new[] { N(r, 3, 5) },
        x => Tanh(x[0]),
        (x, y, dy, d) =>
        {
            Tensor ty = (Tensor)y, tdy = (Tensor)dy;
            for (int i = 0; i < ty.Length; i++) d[0]!.SetAt(i, d[0]!.GetAt(i) + ty.GetAt(i) * tdy.GetAt(i));
        });

    /// <summary>a ∘ b whose rule forgets the gradient of b.</summary>
    public static RuleCase MultiplyDroppingB() => new(
        "multiply, rule drops db",
        r => new[] { N(r, 3, 2), N(r, 3, 2) },
        x => Multiply(x[0], x[1]),
        (x, y, dy, d) => MultiplyBackward(x[0], x[1], (Tensor)y, (Tensor)dy, d[0], null));

    /// <summary>a ∘ b, shapes [3,2], whose rule is right except for entry [2,1] of db, off by <paramref name="error"/>.</summary>
    public static RuleCase MultiplyWithOneWrongEntry(double error = 0.5) => new(
        "multiply, one wrong entry of db",
        r => new[] { N(r, 3, 2), N(r, 3, 2) },
        x => Multiply(x[0], x[1]),
        (x, y, dy, d) =>
        {
            MultiplyBackward(x[0], x[1], (Tensor)y, (Tensor)dy, d[0], d[1]);
            d[1]![2, 1] += error;
        });
}
