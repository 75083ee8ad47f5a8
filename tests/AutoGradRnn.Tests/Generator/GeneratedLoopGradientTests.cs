using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Backpropagation through time as the generator emits it, against float64 central differences.</summary>
public class GeneratedLoopGradientTests
{
    private static readonly GradientCheckOptions Every = new() { CheckEveryEntry = true };

    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.5, dims);

    private static int[] Tokens(Rng r, int count, int vocabulary) => Enumerable.Range(0, count).Select(_ => r.NextInt(vocabulary)).ToArray();

    internal static void AssertAgrees(IDifferentiableFunction f)
    {
        var result = GradientChecker.Check(f, Every);
        Assert.True(result.Passed, result.Report());
        foreach (var t in result.Tensors)
            Assert.True(t.MaxRelativeError <= 1e-6 || t.MaxAbsoluteError <= Every.AbsoluteTolerance, result.Report());
    }

    [Theory]
    [InlineData(1UL, 25)]
    [InlineData(2UL, 3)]
    public void Elman_char_loss_over_a_window(ulong seed, int steps)
    {
        var r = new Rng(seed);
        const int V = 5, H = 4;
        AssertAgrees(Sequences.ElmanLossFunction(Tokens(r, steps, V), Tokens(r, steps, V), N(r, H), N(r, V, H), N(r, H, H), N(r, V, H), N(r, H), N(r, V), 1.0, N(r, H)));
    }

    [Fact]
    public void Lstm_char_loss_over_25_steps()
    {
        var r = new Rng(3);
        const int V = 5, E = 3, H = 4;
        AssertAgrees(Sequences.LstmLossFunction(Tokens(r, 25, V), Tokens(r, 25, V), N(r, H), N(r, H), N(r, V, E), N(r, 4 * H, E + H), N(r, 4 * H), N(r, V, H), N(r, V),
            1.0, N(r, H), N(r, H)));
    }

    [Fact]
    public void Gru_char_loss()
    {
        var r = new Rng(4);
        const int V = 5, E = 3, H = 4;
        AssertAgrees(Sequences.GruLossFunction(Tokens(r, 8, V), Tokens(r, 8, V), N(r, H), N(r, V, E), N(r, 2 * H, E + H), N(r, 2 * H), N(r, H, E), N(r, H), N(r, H, H), N(r, H),
            N(r, V, H), N(r, V)));
    }

    [Fact]
    public void Two_layer_stacked_lstm_as_nested_loops()
    {
        var r = new Rng(5);
        const int T = 4, H = 3;
        AssertAgrees(Sequences.StackedLstmFunction(N(r, (T + 1) * H), T, 2, N(r, H), N(r, H), N(r, 4 * H, 2 * H), N(r, 4 * H), N(r, 4 * H, 2 * H), N(r, 4 * H)));
    }

    [Fact]
    public void If_else_inside_the_loop_replays_the_branch_taken()
    {
        var r = new Rng(6);
        const int V = 5, H = 4;
        AssertAgrees(Sequences.AlternatingFunction(Tokens(r, 7, V), N(r, H), N(r, V, H), N(r, H, H), N(r, H, H)));
    }

    [Fact]
    public void Loop_body_calling_two_different_cells()
    {
        var r = new Rng(7);
        const int V = 5, E = 3, H = 4;
        AssertAgrees(Sequences.TwoCellsFunction(Tokens(r, 6, V), N(r, H), N(r, H), N(r, H), N(r, V, E), N(r, H, E), N(r, H, H), N(r, H), N(r, 4 * H, 2 * H), N(r, 4 * H)));
    }

    [Fact]
    public void Lstm_char_loss_over_a_batch_of_streams()
    {
        var r = new Rng(8);
        const int V = 5, E = 3, H = 4, B = 3, T = 6;
        int[][] Batch() => Enumerable.Range(0, T).Select(_ => Tokens(r, B, V)).ToArray();
        AssertAgrees(Sequences.BatchedLstmLossFunction(Batch(), Batch(), N(r, B, H), N(r, B, H), N(r, V, E), N(r, 4 * H, E + H), N(r, 4 * H), N(r, V, H), N(r, V),
            1.0, N(r, B, H), N(r, B, H)));
    }
}
