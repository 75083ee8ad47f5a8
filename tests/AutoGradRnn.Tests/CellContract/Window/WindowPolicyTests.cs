using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Tests.CellContract.Window;

/// <summary>When a recurrence runs a cell's window form (from <see cref="Recurrence.WindowFormMinBatch"/> streams), that
/// both forms agree at any batch, and that a row value the recurrent part's backward does not read reaches every step
/// through one buffer (the steps' tapes keep no copy of it).</summary>
public class WindowPolicyTests
{
    [Theory]
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(1, 1, true)]
    [InlineData(3, 4, false)]
    public void The_window_form_runs_from_the_least_batch_and_agrees_with_the_step_by_step_form(int batch, int minBatch, bool windowed)
    {
        var cell = CharLmRegistry.Find("lstm")!.Cell;
        var rng = new Rng(5);
        var weights = cell.Initialize(new CellSize(3, 4), DType.Float64, rng);
        var inputs = Init.Normal(rng, DType.Float64, 0, 1, 4 * batch, 3);
        var state = new[] { Init.Normal(rng, DType.Float64, 0, 0.5, batch, 4), Init.Normal(rng, DType.Float64, 0, 0.5, batch, 4) };
        var dOutputs = Init.Normal(rng, DType.Float64, 0, 1, 4 * batch, 4);

        (Tensor Outputs, double[] Gradient) Run(Recurrence r)
        {
            var s = state.Select(t => t.Clone()).ToArray();
            var outputs = r.Forward(weights, inputs, s).Clone();
            var dWeights = cell.ZerosLike(weights);
            var dInputs = Tensor.ZerosLike(inputs);
            r.Backward(dOutputs, dInputs: dInputs, dWeights: dWeights);
            return (outputs, dWeights.NamedTensors().SelectMany(n => n.Value.ToDoubleArray()).Concat(dInputs.ToDoubleArray()).ToArray());
        }

        var policy = new Recurrence(cell) { WindowFormMinBatch = minBatch };
        var (outputs, gradient) = Run(policy);
        Assert.Equal(windowed, policy.RanWindowed);
        var other = new Recurrence(cell) { WindowFormMinBatch = windowed ? int.MaxValue : 1 };
        var (otherOutputs, otherGradient) = Run(other);
        Assert.Equal(!windowed, other.RanWindowed);
        for (int i = 0; i < outputs.Length; i++) Assert.True(Math.Abs(outputs.GetAt(i) - otherOutputs.GetAt(i)) <= 1e-12);
        for (int i = 0; i < gradient.Length; i++) Assert.True(Math.Abs(gradient[i] - otherGradient[i]) <= 1e-12 * (1 + Math.Abs(gradient[i])));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("elman")]
    public void The_built_in_cells_steps_read_no_row_value_back(string name)
    {
        var cell = CharLmRegistry.Find(name)!.Cell;
        Assert.True(cell.HasWindowForm);
        Assert.Equal(cell.WindowValueRows.Count, cell.WindowValuesRead.Count);
        Assert.DoesNotContain(true, cell.WindowValueRows.Zip(cell.WindowValuesRead, (rows, read) => rows && read));
    }
}
