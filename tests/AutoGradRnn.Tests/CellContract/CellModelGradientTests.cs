using AutoGradRnn.Models.App;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>
/// The language model over any cell, checked in float64 against central differences of the user's own methods (the
/// cell's Step and the head's methods as compiled), every entry: the built-in cells and two cells written here, at one
/// and two layers. A planted divergence between a cell's own step and its forward makes the check fail.
/// </summary>
public class CellModelGradientTests
{
    private static CellCatalog Catalog() => CellCatalog.BuiltIn()
        .Add<MinimalGatedUnit>("mgu")
        .Add<ThreeStateCell>("three")
        .Add<PlantedDivergenceCell>("planted");

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "lstm", "gru", "elman", "mgu", "three" })
        {
            data.Add(name, 1);
            data.Add(name, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_window_loss_passes_the_float64_check_against_the_cells_own_step(string cell, int layers)
    {
        var result = GradCheckCommand.Check(Catalog().Find(cell)!, new CharLmConfig(6, 3, 4, layers), seq: 4, batch: 2, seed: 5);
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
        var names = result.Tensors.Select(t => t.Name).ToList();
        foreach (int l in Enumerable.Range(0, layers))
        {
            foreach (var s in Catalog().Find(cell)!.Cell.StateNames) Assert.Contains($"l{l}.{s}", names);
        }
    }

    [Fact]
    public void A_forward_that_differs_from_the_cells_own_step_fails_the_check()
    {
        var result = GradCheckCommand.Check(Catalog().Find("planted")!, new CharLmConfig(6, 3, 4), seq: 4, batch: 2, seed: 5);
        Assert.False(result.Passed, result.Report());
    }
}
