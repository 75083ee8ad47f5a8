using AutoGradRnn.Models.App;
using AutoGradRnn.Models.Cells;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Tests.Runtime;

namespace AutoGradRnn.Tests.CellContract.Window;

/// <summary>
/// The window form of a cell (StepInputs once over the window's T·B rows, StepRecurrent per step): which cells get one
/// and with which values, and that the language model over each passes the float64 check against central differences of
/// the cell's own Step (through the checker's reference path), at one and two layers, one and two rows, one and four steps.
/// A window over the window form gives the per-step path's outputs, and a warm one allocates nothing.
/// </summary>
public class WindowFormTests
{
    private static CellCatalog Catalog() => CellCatalog.BuiltIn()
        .Add<GatedByState>("gated")
        .Add<ManyReads>("many")
        .Add<StateFirst>("statefirst")
        .Add<TwoTicks>("loop")
        .Add<Branchy>("branch")
        .Add<MinimalGatedUnit>("mgu")
        .Add<ThreeStateCell>("three")
        .Add<SharedWeight>("shared")
        .Add<KeywordWeights>("keywords");

    /// <summary>Per cell: whether each value StepRecurrent takes is by rows (true) or whole (false); empty: no window form.</summary>
    public static TheoryData<string, bool[]> Forms() => new()
    {
        { "lstm", new[] { true, false } },   // W·[x; h] + B: the x columns' product plus B by rows, the h columns whole
        { "gru", new[] { true, true, false } }, // Wrz's x columns' product plus Brz, Wn·x + Bn, Wrz's h columns
        { "elman", new[] { true } },         // Wxh·x + Bh
        { "statefirst", new[] { true, false } },
        { "many", new[] { true, false, true } }, // x itself (read by Σ x∘h), U·0.5, a∘b
        { "gated", new bool[0] },            // x only meets h before any weight
        { "loop", new bool[0] },
        { "branch", new bool[0] },
        { "shared", new[] { true } },        // W·x + B by rows; U and V stay with the recurrent part
        { "keywords", new[] { true, false } }, // as the LSTM: @class's x columns' product plus @base by rows, its h columns whole
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_cell_gets_the_window_form_its_step_allows(string cell, bool[] rows)
    {
        var handle = Catalog().Find(cell)!.Cell;
        Assert.Equal(rows, handle.WindowValueRows);
        Assert.Equal(rows.Length > 0, new Recurrence(handle).Windowed);
    }

    public static TheoryData<string, int, int, int> Checks()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var cell in new[] { "lstm", "gru", "elman", "statefirst", "many", "gated", "loop", "branch", "mgu", "three", "shared", "keywords" })
        {
            data.Add(cell, 1, 4, 2);
            data.Add(cell, 2, 4, 2);
        }
        foreach (var cell in new[] { "lstm", "gru", "elman" })
        {
            data.Add(cell, 1, 1, 2); // T = 1
            data.Add(cell, 1, 3, 1); // B = 1
            data.Add(cell, 2, 1, 1);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void The_window_loss_passes_the_float64_check_against_the_cells_own_step(string cell, int layers, int seq, int batch)
    {
        var result = GradCheckCommand.Check(Catalog().Find(cell)!, new CharLmConfig(6, 4, 4, layers), seq, batch, seed: 11);
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("elman")]
    [InlineData("many")]
    [InlineData("shared")]
    public void The_window_form_gives_the_outputs_and_final_state_of_the_cells_own_step(string cell)
    {
        var handle = Catalog().Find(cell)!.Cell;
        var stack = new RecurrentStack(handle, 2);
        var rng = new Rng(7);
        var weights = stack.Initialize(4, 4, DType.Float64, rng);
        int steps = 5, batch = 3;
        var inputs = Init.Normal(rng, DType.Float64, 0, 1, steps * batch, 4);
        var state = stack.ZeroState(DType.Float64, batch, 4);
        foreach (var s in state) s.CopyFrom(Init.Normal(rng, DType.Float64, 0, 0.5, batch, 4));
        var start = state.Select(s => s.Clone()).ToArray();
        var outputs = stack.Forward(weights, inputs, state).Clone();
        var (expected, final) = stack.Reference(weights, inputs, start);
        AssertClose(expected, outputs);
        for (int i = 0; i < state.Length; i++) AssertClose(final[i], state[i]);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected.GetAt(i) - actual.GetAt(i)) <= 1e-12, $"entry {i}: {expected.GetAt(i)} vs {actual.GetAt(i)}");
    }

    [Theory]
    [InlineData("statefirst")]
    [InlineData("many")]
    [InlineData("mgu")]
    [InlineData("shared")]
    public void A_warm_window_over_the_window_form_allocates_nothing(string cell)
    {
        var model = Catalog().Find(cell)!.Create(new CharLmConfig(11, 4, 4, 2), DType.Float32, new Rng(3));
        var gradients = model.NewGradients();
        var state = model.NewState(2);
        int[][] Window(int shift) => Enumerable.Range(0, 6).Select(t => Enumerable.Range(0, 2).Select(b => (t * 3 + b + shift) % 11).ToArray()).ToArray();
        var inputs = Window(0);
        var targets = Window(1);
        long bytes = AllocationTests.AllocatedByWarm(() =>
        {
            gradients.ZeroAll();
            model.TrainWindow(inputs, targets, state, gradients);
        });
        Assert.True(bytes == 0, $"{cell}: a warm window allocated {bytes} bytes.");
    }
}
