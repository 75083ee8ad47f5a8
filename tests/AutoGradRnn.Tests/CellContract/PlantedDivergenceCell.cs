namespace AutoGradRnn.Tests.CellContract;

/// <summary>
/// A hand-written contract (no generator) whose own step and "generated" forward disagree: Evaluate computes tanh(W·x + h),
/// Forward and Backward compute and differentiate 1.01·tanh(W·x + h), consistently with each other. A checker that
/// differentiated the generated forward would pass it; one whose reference is the cell's own step must not.
/// </summary>
public sealed class PlantedDivergenceCell : IRecurrentCell<PlantedDivergenceCell>
{
    private const double Planted = 1.01;

    private sealed class Weights : IParameters
    {
        public Tensor W = null!;

        public IReadOnlyList<NamedTensor> NamedTensors(string prefix = "") => [new NamedTensor(prefix + "W", W)];

        public void ZeroAll() => W.Zero();
    }

    private sealed class Tape
    {
        public Tensor W = null!, X = null!, H = null!, Y = null!;
    }

    public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights { W = size.Uniform(rng, dtype, size.Hidden, size.Input) };

    public static IReadOnlyList<string> StateNames => ["h"];

    public static string GeneratedFile => "none";

    public static IParameters ZerosLike(IParameters weights) => new Weights { W = Tensor.ZerosLike(((Weights)weights).W) };

    public static object NewTape() => new Tape();

    public static void Forward(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next, object tape)
    {
        var t = (Tape)tape;
        t.W = ((Weights)weights).W;
        t.X = x;
        t.H = state[0];
        t.Y = Ops.Tanh(Ops.MatVec(((Weights)weights).W, x) + state[0]);
        next[0] = Ops.Scale(t.Y, Planted);
    }

    public static void Backward(object tape, ReadOnlySpan<Tensor?> dNext, Tensor? dx, IParameters? dWeights, ReadOnlySpan<Tensor?> dState)
    {
        var t = (Tape)tape;
        var da = Ops.Scale(dNext[0]!, Planted) * Ops.OneMinus(t.Y * t.Y);
        Adjoints.Accumulate(dState[0], da);
        Ops.MatVecBackward(t.W, t.X, t.Y, da, (dWeights as Weights)?.W, dx);
    }

    public static void Evaluate(IParameters weights, Tensor x, ReadOnlySpan<Tensor> state, Span<Tensor> next) =>
        next[0] = Ops.Tanh(Ops.MatVec(((Weights)weights).W, x) + state[0]);
}
