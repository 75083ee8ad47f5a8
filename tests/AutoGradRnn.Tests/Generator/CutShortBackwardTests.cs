using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// A backward pass cut short by an exception after it collected weight-gradient rows (a rule that throws, anomaly mode
/// stopping at a NaN) leaves nothing behind: the next forward pass on the same tape drops those rows, so the next
/// window's gradient is exactly a fresh tape's, even into the same gradient tensor.
/// </summary>
public class CutShortBackwardTests
{
    [Fact]
    public void The_next_window_on_the_tape_gets_a_fresh_tapes_gradient()
    {
        var rng = new Rng(4);
        var w = Init.Uniform(rng, DType.Float64, -0.5, 0.5, 5, 5);
        var h = Init.Uniform(rng, DType.Float64, -0.5, 0.5, 5);
        var tape = new CutShort.LossTape();
        var dw = Tensor.Zeros(DType.Float64, 5, 5);

        CutShort.LossForward(w, h, tape);
        CutShort.Armed = true;
        Assert.Throws<InvalidOperationException>(() => CutShort.LossBackward(tape, 1.0, dw, null));
        Assert.False(CutShort.Armed);

        dw.Zero();
        CutShort.LossForward(w, h, tape);
        CutShort.LossBackward(tape, 1.0, dw, null);

        var fresh = Tensor.Zeros(DType.Float64, 5, 5);
        CutShort.LossWithGradient(w, h, fresh, null);
        Assert.Equal(fresh.Span<double>().ToArray(), dw.Span<double>().ToArray());
    }
}
