namespace AutoGradRnn.Models.Experiments.Exploding;

/// <summary>
/// B random sequences of T real input vectors and a random class for each: <see cref="Xs"/> [T·B, E] holds step t of
/// sequence b in row t·B + b, <c>Rows[t]</c> are step t's rows, <see cref="Targets"/> [B] the classes of the loss at the
/// last step.
/// </summary>
public sealed record ProbeBatch(Tensor Xs, int[][] Rows, int[] Targets)
{
    public int Steps => Rows.Length;

    public int Size => Targets.Length;

    /// <summary>Inputs ~ N(0, 1), classes uniform in [0, <paramref name="classes"/>).</summary>
    public static ProbeBatch Random(Rng rng, DType dtype, int steps, int batch, int inputs, int classes)
    {
        var xs = Init.Normal(rng, dtype, 0, 1, steps * batch, inputs);
        var rows = Enumerable.Range(0, steps).Select(t => Enumerable.Range(t * batch, batch).ToArray()).ToArray();
        var targets = Enumerable.Range(0, batch).Select(_ => rng.NextInt(classes)).ToArray();
        return new ProbeBatch(xs, rows, targets);
    }
}
