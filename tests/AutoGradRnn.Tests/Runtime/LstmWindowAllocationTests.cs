using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// The runtime's half of "a warm forward+backward over a 25-step LSTM window allocates nothing": an LSTM over a
/// batch, written by hand the way generated code calls the primitives (each forward through its into form, into a
/// buffer kept from the last window; each rule into preallocated adjoints), allocates nothing once warm, and
/// computes exactly what the allocating forms compute.
/// </summary>
public class LstmWindowAllocationTests
{
    private const int Steps = 25, Batch = 3, Vocab = 11, Embed = 5, Hidden = 7;

    /// <summary>The values of one step and their adjoints, kept between windows.</summary>
    private sealed class Step
    {
        public Tensor Xe = null!, Xh = null!, Z = null!, Zb = null!, Gi = null!, Gf = null!, Gg = null!, Go = null!;
        public Tensor I = null!, F = null!, G = null!, O = null!, Fc = null!, Ig = null!, C = null!, Tc = null!, H = null!, Logits = null!;
        public double Loss;
        public Tensor DXe = null!, DXh = null!, DZ = null!, DZb = null!, DGi = null!, DGf = null!, DGg = null!, DGo = null!;
        public Tensor DI = null!, DF = null!, DG = null!, DO = null!, DFc = null!, DIg = null!, DC = null!, DTc = null!, DH = null!, DLogits = null!;

        public IEnumerable<Tensor> Adjoints() => new[] { DXe, DXh, DZ, DZb, DGi, DGf, DGg, DGo, DI, DF, DG, DO, DFc, DIg, DC, DTc, DH, DLogits };
    }

    private sealed class Window
    {
        private readonly bool _reuse;
        private readonly int[][] _tokens, _targets;
        private readonly Tensor _c0, _h0;
        private readonly Step[] _steps;
        private readonly Tensor[] _stepAdjoints;

        public Window(DType dtype, bool reuse)
        {
            _reuse = reuse;
            var rng = new Rng(11);
            W = Init.Normal(rng, dtype, 0, 0.3, 4 * Hidden, Embed + Hidden);
            Bias = Init.Normal(rng, dtype, 0, 0.1, 4 * Hidden);
            Emb = Init.Normal(rng, dtype, 0, 1, Vocab, Embed);
            Out = Init.Normal(rng, dtype, 0, 0.3, Vocab, Hidden);
            DW = Tensor.ZerosLike(W);
            DBias = Tensor.ZerosLike(Bias);
            DEmb = Tensor.ZerosLike(Emb);
            DOut = Tensor.ZerosLike(Out);
            _tokens = Enumerable.Range(0, Steps).Select(t => Enumerable.Range(0, Batch).Select(b => (int)((t * 7 + b * 3) % Vocab)).ToArray()).ToArray();
            _targets = Enumerable.Range(0, Steps).Select(t => Enumerable.Range(0, Batch).Select(b => (int)((t * 5 + b + 1) % Vocab)).ToArray()).ToArray();
            _c0 = Tensor.Zeros(dtype, Batch, Hidden);
            _h0 = Tensor.Zeros(dtype, Batch, Hidden);
            _steps = Enumerable.Range(0, Steps).Select(_ => new Step()).ToArray();
            Forward();
            foreach (var s in _steps)
            {
                s.DXe = Tensor.ZerosLike(s.Xe); s.DXh = Tensor.ZerosLike(s.Xh); s.DZ = Tensor.ZerosLike(s.Z); s.DZb = Tensor.ZerosLike(s.Zb);
                s.DGi = Tensor.ZerosLike(s.Gi); s.DGf = Tensor.ZerosLike(s.Gf); s.DGg = Tensor.ZerosLike(s.Gg); s.DGo = Tensor.ZerosLike(s.Go);
                s.DI = Tensor.ZerosLike(s.I); s.DF = Tensor.ZerosLike(s.F); s.DG = Tensor.ZerosLike(s.G); s.DO = Tensor.ZerosLike(s.O);
                s.DFc = Tensor.ZerosLike(s.Fc); s.DIg = Tensor.ZerosLike(s.Ig); s.DC = Tensor.ZerosLike(s.C); s.DTc = Tensor.ZerosLike(s.Tc);
                s.DH = Tensor.ZerosLike(s.H); s.DLogits = Tensor.ZerosLike(s.Logits);
            }
            _stepAdjoints = _steps.SelectMany(s => s.Adjoints()).ToArray();
        }

        public Tensor W { get; }
        public Tensor Bias { get; }
        public Tensor Emb { get; }
        public Tensor Out { get; }
        public Tensor DW { get; }
        public Tensor DBias { get; }
        public Tensor DEmb { get; }
        public Tensor DOut { get; }
        public double Loss { get; private set; }

        /// <summary>The buffer of the last window when reusing; null (a new tensor) otherwise.</summary>
        private Tensor? R(Tensor? kept) => _reuse ? kept : null;

        public void Forward()
        {
            double loss = 0;
            for (int t = 0; t < Steps; t++)
            {
                var s = _steps[t];
                Tensor cPrev = t == 0 ? _c0 : _steps[t - 1].C, hPrev = t == 0 ? _h0 : _steps[t - 1].H;
                s.Xe = Embedding(Emb, _tokens[t], R(s.Xe));
                s.Xh = Concat(s.Xe, hPrev, R(s.Xh));
                s.Z = MatVec(W, s.Xh, R(s.Z));
                s.Zb = Add(s.Z, Bias, R(s.Zb));
                s.Gi = Slice(s.Zb, 0, 4, R(s.Gi));
                s.Gf = Slice(s.Zb, 1, 4, R(s.Gf));
                s.Gg = Slice(s.Zb, 2, 4, R(s.Gg));
                s.Go = Slice(s.Zb, 3, 4, R(s.Go));
                s.I = Sigmoid(s.Gi, R(s.I));
                s.F = Sigmoid(s.Gf, R(s.F));
                s.G = Tanh(s.Gg, R(s.G));
                s.O = Sigmoid(s.Go, R(s.O));
                s.Fc = Multiply(s.F, cPrev, R(s.Fc));
                s.Ig = Multiply(s.I, s.G, R(s.Ig));
                s.C = Add(s.Fc, s.Ig, R(s.C));
                s.Tc = Tanh(s.C, R(s.Tc));
                s.H = Multiply(s.O, s.Tc, R(s.H));
                s.Logits = MatVec(Out, s.H, R(s.Logits));
                s.Loss = CrossEntropy(s.Logits, _targets[t]);
                loss += s.Loss;
            }
            Loss = loss;
        }

        public void Backward()
        {
            DW.Zero(); DBias.Zero(); DEmb.Zero(); DOut.Zero();
            foreach (var adjoint in _stepAdjoints) adjoint.Zero();
            for (int t = Steps - 1; t >= 0; t--)
            {
                var s = _steps[t];
                Tensor cPrev = t == 0 ? _c0 : _steps[t - 1].C, hPrev = t == 0 ? _h0 : _steps[t - 1].H;
                Tensor? dcPrev = t == 0 ? null : _steps[t - 1].DC, dhPrev = t == 0 ? null : _steps[t - 1].DH;
                CrossEntropyBackward(s.Logits, _targets[t], s.Loss, 1.0, s.DLogits);
                MatVecBackward(Out, s.H, s.Logits, s.DLogits, DOut, s.DH);
                MultiplyBackward(s.O, s.Tc, s.H, s.DH, s.DO, s.DTc);
                TanhBackward(s.C, s.Tc, s.DTc, s.DC);
                AddBackward(s.Fc, s.Ig, s.C, s.DC, s.DFc, s.DIg);
                MultiplyBackward(s.I, s.G, s.Ig, s.DIg, s.DI, s.DG);
                MultiplyBackward(s.F, cPrev, s.Fc, s.DFc, s.DF, dcPrev);
                SigmoidBackward(s.Go, s.O, s.DO, s.DGo);
                TanhBackward(s.Gg, s.G, s.DG, s.DGg);
                SigmoidBackward(s.Gf, s.F, s.DF, s.DGf);
                SigmoidBackward(s.Gi, s.I, s.DI, s.DGi);
                SliceBackward(s.Zb, 3, 4, s.Go, s.DGo, s.DZb);
                SliceBackward(s.Zb, 2, 4, s.Gg, s.DGg, s.DZb);
                SliceBackward(s.Zb, 1, 4, s.Gf, s.DGf, s.DZb);
                SliceBackward(s.Zb, 0, 4, s.Gi, s.DGi, s.DZb);
                AddBackward(s.Z, Bias, s.Zb, s.DZb, s.DZ, DBias);
                MatVecBackward(W, s.Xh, s.Z, s.DZ, DW, s.DXh);
                ConcatBackward(s.Xe, hPrev, s.Xh, s.DXh, s.DXe, dhPrev);
                EmbeddingBackward(Emb, _tokens[t], s.Xe, s.DXe, DEmb);
            }
        }

        public void Train()
        {
            Forward();
            Backward();
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void A_warm_window_allocates_nothing(DType dtype)
    {
        var window = new Window(dtype, reuse: true);

        long bytes = AllocationTests.AllocatedByWarm(window.Train);

        Assert.True(bytes == 0, $"a warm {Steps}-step window ({dtype}) allocated {bytes} bytes.");
        Assert.True(double.IsFinite(window.Loss) && window.Loss > 0);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Reusing_the_buffers_computes_what_the_allocating_forms_compute(DType dtype)
    {
        var reused = new Window(dtype, reuse: true);
        var fresh = new Window(dtype, reuse: false);
        reused.Train();
        reused.Train();
        fresh.Train();

        Assert.Equal(fresh.Loss, reused.Loss);
        Assert.Equal(fresh.DW.ToDoubleArray(), reused.DW.ToDoubleArray());
        Assert.Equal(fresh.DBias.ToDoubleArray(), reused.DBias.ToDoubleArray());
        Assert.Equal(fresh.DEmb.ToDoubleArray(), reused.DEmb.ToDoubleArray());
        Assert.Equal(fresh.DOut.ToDoubleArray(), reused.DOut.ToDoubleArray());
        Assert.Contains(reused.DEmb.ToDoubleArray(), v => v != 0);
    }
}
