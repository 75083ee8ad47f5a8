using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Windows of a sequence, each starting from the state the previous one returned, through one reused tape.</summary>
public class TruncatedBpttTests
{
    private const int V = 7, E = 5, H = 6, T = 25;

    private sealed class Lstm
    {
        public Tensor Emb = null!, W = null!, B = null!, Why = null!, By = null!;

        public static Lstm Make(DType dtype, ulong seed)
        {
            var r = new Rng(seed);
            Tensor N(params int[] dims) => Init.Normal(r, dtype, 0, 0.3, dims);
            return new Lstm { Emb = N(V, E), W = N(4 * H, E + H), B = N(4 * H), Why = N(V, H), By = N(V) };
        }

        public Lstm Zeros() => new() { Emb = Tensor.ZerosLike(Emb), W = Tensor.ZerosLike(W), B = Tensor.ZerosLike(B), Why = Tensor.ZerosLike(Why), By = Tensor.ZerosLike(By) };

        public double[] Flat() => new[] { Emb, W, B, Why, By }.SelectMany(t => t.ToDoubleArray()).ToArray();
    }

    private static (int[] Inputs, int[] Targets)[] Windows(int count, ulong seed)
    {
        var r = new Rng(seed);
        var text = Enumerable.Range(0, count * T + 1).Select(_ => r.NextInt(V)).ToArray();
        return Enumerable.Range(0, count).Select(w => (text[(w * T)..(w * T + T)], text[(w * T + 1)..(w * T + T + 1)])).ToArray();
    }

    /// <summary>Runs the windows in order, carrying (h, c); returns the losses and each window's gradient.</summary>
    private static (double[] Losses, double[][] Gradients) Run(Lstm p, (int[] Inputs, int[] Targets)[] windows, bool reuseTape)
    {
        var tape = new Sequences.LstmLossTape();
        Tensor h = Tensor.Zeros(p.W.DType, H), c = Tensor.Zeros(p.W.DType, H);
        var losses = new List<double>();
        var gradients = new List<double[]>();
        foreach (var (inputs, targets) in windows)
        {
            if (!reuseTape) tape = new Sequences.LstmLossTape();
            var g = p.Zeros();
            var (loss, hNext, cNext) = Sequences.LstmLossForward(inputs, targets, h, c, p.Emb, p.W, p.B, p.Why, p.By, tape);
            Sequences.LstmLossBackward(tape, 1.0, null, null, null, null, g.Emb, g.W, g.B, g.Why, g.By);
            losses.Add(loss);
            gradients.Add(g.Flat());
            (h, c) = (hNext, cNext);
        }
        return (losses.ToArray(), gradients.ToArray());
    }

    [Fact]
    public void A_reused_tape_gives_the_same_losses_and_gradients_as_a_fresh_tape_per_window()
    {
        var p = Lstm.Make(DType.Float64, 1);
        var windows = Windows(3, 2);
        var fresh = Run(p, windows, reuseTape: false);
        var reused = Run(p, windows, reuseTape: true);
        Assert.Equal(fresh.Losses, reused.Losses);
        for (int w = 0; w < windows.Length; w++) Assert.Equal(fresh.Gradients[w], reused.Gradients[w]);
    }

    [Fact]
    public void No_gradient_crosses_a_window_boundary()
    {
        // The second window's gradient does not depend on how the first window's state was computed: starting it from
        // a copy of that state (a leaf with no history) gives the same gradient.
        var p = Lstm.Make(DType.Float64, 3);
        var windows = Windows(2, 4);
        var chained = Run(p, windows, reuseTape: true);
        var tape = new Sequences.LstmLossTape();
        var (_, h1, c1) = Sequences.LstmLossForward(windows[0].Inputs, windows[0].Targets, Tensor.Zeros(DType.Float64, H), Tensor.Zeros(DType.Float64, H), p.Emb, p.W, p.B, p.Why, p.By, tape);
        var g = p.Zeros();
        Sequences.LstmLossWithGradient(windows[1].Inputs, windows[1].Targets, h1.Clone(), c1.Clone(), p.Emb, p.W, p.B, p.Why, p.By, 1.0, null, null, null, null, g.Emb, g.W, g.B, g.Why, g.By);
        Assert.Equal(chained.Gradients[1], g.Flat());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void A_warm_25_step_lstm_window_allocates_nothing(DType dtype)
    {
        var p = Lstm.Make(dtype, 5);
        var g = p.Zeros();
        var windows = Windows(4, 6);
        var tape = new Sequences.LstmLossTape();
        Tensor h = Tensor.Zeros(dtype, H), c = Tensor.Zeros(dtype, H);
        long Window(int w)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var (_, hNext, cNext) = Sequences.LstmLossForward(windows[w].Inputs, windows[w].Targets, h, c, p.Emb, p.W, p.B, p.Why, p.By, tape);
            Sequences.LstmLossBackward(tape, 1.0, null, null, null, null, g.Emb, g.W, g.B, g.Why, g.By);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            (h, c) = (hNext, cNext);
            return allocated;
        }
        Window(0);
        Window(1);
        Assert.Equal(0, Window(2));
        Assert.Equal(0, Window(3));
    }

    [Fact]
    public void A_state_returned_two_calls_ago_is_still_copied_before_its_buffer_is_reused()
    {
        // Two continuations from the same state: the second starts from a tensor the tape returned two calls earlier,
        // whose buffer a long window overwrites.
        var p = Lstm.Make(DType.Float64, 7);
        var windows = Windows(3, 8);
        var tape = new Sequences.LstmLossTape();
        Tensor h0 = Tensor.Zeros(DType.Float64, H), c0 = Tensor.Zeros(DType.Float64, H);
        var (_, h1, c1) = Sequences.LstmLossForward(windows[0].Inputs, windows[0].Targets, h0, c0, p.Emb, p.W, p.B, p.Why, p.By, tape);
        var shortInputs = windows[1].Inputs[..5];
        var shortTargets = windows[1].Targets[..5];
        Sequences.LstmLossForward(shortInputs, shortTargets, h1, c1, p.Emb, p.W, p.B, p.Why, p.By, tape);
        var reused = p.Zeros();
        Sequences.LstmLossForward(windows[2].Inputs, windows[2].Targets, h1, c1, p.Emb, p.W, p.B, p.Why, p.By, tape);
        Sequences.LstmLossBackward(tape, 1.0, null, null, null, null, reused.Emb, reused.W, reused.B, reused.Why, reused.By);

        var fresh = p.Zeros();
        var (_, h1Fresh, c1Fresh) = Sequences.LstmLossForward(windows[0].Inputs, windows[0].Targets, h0, c0, p.Emb, p.W, p.B, p.Why, p.By, new Sequences.LstmLossTape());
        Sequences.LstmLossWithGradient(windows[2].Inputs, windows[2].Targets, h1Fresh, c1Fresh, p.Emb, p.W, p.B, p.Why, p.By, 1.0, null, null, null, null,
            fresh.Emb, fresh.W, fresh.B, fresh.Why, fresh.By);
        Assert.Equal(fresh.Flat(), reused.Flat());
    }
}
