namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// f(x) = ½⟨x, x⟩ with its exact gradient x, recording which single entry each evaluation finds perturbed,
/// so a test can see exactly which entries the checker chose.
/// </summary>
public sealed class PerturbationRecorder : IDifferentiableFunction
{
    private readonly Tensor _x;
    private readonly double[] _original;

    public PerturbationRecorder(Tensor x)
    {
        _x = x;
        _original = x.ToDoubleArray();
        Inputs = new[] { new NamedTensor("x", x) };
    }

    public IReadOnlyList<NamedTensor> Inputs { get; }

    /// <summary>The flat indices found perturbed alone, once each, in the order first seen.</summary>
    public List<int> PerturbedEntries { get; } = new();

    public double Value()
    {
        var changed = Enumerable.Range(0, _x.Length).Where(i => _x.GetAt(i) != _original[i]).ToList();
        if (changed.Count == 1 && !PerturbedEntries.Contains(changed[0])) PerturbedEntries.Add(changed[0]);
        return 0.5 * Ops.Dot(_x, _x);
    }

    public double ValueAndGradient(IReadOnlyList<Tensor> gradients)
    {
        gradients[0].CopyFrom(Ops.Add(gradients[0], _x));
        return 0.5 * Ops.Dot(_x, _x);
    }
}
