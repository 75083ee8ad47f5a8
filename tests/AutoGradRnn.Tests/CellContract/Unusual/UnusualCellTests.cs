using AutoGradRnn.Models.App;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Tests.CellContract.Unusual;

/// <summary>
/// Cells written the odd ways users write them (<c>UnusualCells.cs</c>, <c>StateAliasingCells.cs</c>), each through the
/// language model at batch 1 (the per-step form) and batch 2 (the window form where the cell has one), one and two
/// layers, checked in float64 against central differences of the cell's own Step, every entry.
/// </summary>
public class UnusualCellTests
{
    private static readonly (string Name, Func<CellCatalog, CellCatalog> Add, bool SquareInput)[] Cells =
    [
        ("expr", c => c.Add<ExprCell>("expr"), false),
        ("swap", c => c.Add<SwapCell>("swap"), false),
        ("pass", c => c.Add<PassCell>("pass"), false),
        ("twin", c => c.Add<TwinCell>("twin"), false),
        ("copy-in", c => c.Add<CopyInCell>("copy-in"), false),
        ("input-only-state", c => c.Add<InputOnlyStateCell>("input-only-state"), false),
        ("x-state", c => c.Add<XStateCell>("x-state"), true),
        ("alias", c => c.Add<AliasCell>("alias"), false),
        ("twice", c => c.Add<TwiceCell>("twice"), true),
        ("loop", c => c.Add<LoopCell>("loop"), false),
        ("branch", c => c.Add<BranchCell>("branch"), false),
        ("helper", c => c.Add<HelperCell>("helper"), false),
        ("names", c => c.Add<NamesCell>("names"), false),
        ("keyword", c => c.Add<KeywordCell>("keyword"), false),
        ("reordered", c => c.Add<ReorderedCell>("reordered"), false),
        ("input-twice", c => c.Add<InputTwiceCell>("input-twice"), true),
        ("reassoc", c => c.Add<ReassocCell>("reassoc"), true),
        ("concat", c => c.Add<ConcatCell>("concat"), false),
        ("softmax", c => c.Add<SoftmaxCell>("softmax"), true),
        ("fused-affine", c => c.Add<FusedAndAffineCell>("fused-affine"), false),
        ("split-and-return", c => c.Add<SplitAndReturnCell>("split-and-return"), false),
    ];

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var cell in Cells)
            foreach (int batch in new[] { 1, 2 })
                foreach (int layers in new[] { 1, 2 })
                    data.Add(cell.Name, batch, layers);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_unusual_cell_passes_the_float64_check_against_its_own_step(string cell, int batch, int layers)
    {
        var entry = Cells.Single(c => c.Name == cell);
        var spec = entry.Add(CellCatalog.BuiltIn()).Find(cell)!;
        var result = GradCheckCommand.Check(spec, new CharLmConfig(6, entry.SquareInput ? 4 : 3, 4, layers), seq: 4, batch: batch, seed: 5);
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    /// <summary>The window form hands a step's rows of a value through one shared buffer only when no step keeps them:
    /// a value a step returns as its next state is kept, so each step gets rows of its own.</summary>
    [Fact]
    public void A_value_a_step_returns_as_its_state_gets_rows_of_its_own()
    {
        var cell = RecurrentCell.Of<InputOnlyStateCell>();
        Assert.True(cell.HasWindowForm);
        var rows = cell.WindowValueRows.ToArray();
        var kept = cell.WindowValuesRead.ToArray();
        Assert.Contains(true, rows);
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i]) Assert.True(kept[i], $"window value {i} is returned as the next h, so each step must keep its rows");
        }
    }

    /// <summary>The reference (the cell's own Step, step by step) hands every step an input tensor of its own: a Step
    /// that returns its input as a state keeps it, and the next step's input must not overwrite it.</summary>
    [Fact]
    public void The_reference_gives_each_step_its_own_input()
    {
        var stack = new RecurrentStack(RecurrentCell.Of<XStateCell>(), 1);
        var rng = new Rng(3);
        var weights = stack.Initialize(4, 4, DType.Float64, rng);
        var inputs = Init.Normal(rng, DType.Float64, 0, 1, 3 * 2, 4);
        var (_, final) = stack.Reference(weights, inputs, stack.ZeroState(DType.Float64, 2, 4));
        // The same steps by hand, each on a fresh tensor of its rows: c after step t reads h = x_{t−1}.
        var p = (WUB)weights[0];
        Tensor h = Tensor.Zeros(DType.Float64, 2, 4), c = Tensor.Zeros(DType.Float64, 2, 4);
        for (int t = 0; t < 3; t++)
        {
            var xt = Tensor.Zeros(DType.Float64, 2, 4);
            WindowRows.Read(inputs, 2 * t, xt);
            (h, c) = XStateCell.Step(p, xt, h, c);
        }
        for (int i = 0; i < c.Length; i++) Assert.Equal(c.GetAt(i), final[1].GetAt(i));
    }
}
