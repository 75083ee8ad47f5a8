using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Tests.Runtime;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>A warm training window of a language model over any registered cell allocates nothing: the recurrence
/// reuses its tapes, step inputs and adjoints, and the head's generated code its buffers.</summary>
public class CellModelAllocationTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var spec in CellCatalog.BuiltIn().All)
        {
            data.Add(spec.Name, 1, 1);
            data.Add(spec.Name, 3, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_warm_training_window_allocates_nothing(string cell, int batch, int layers)
    {
        var spec = CellCatalog.BuiltIn().Find(cell)!;
        var model = spec.Create(new CharLmConfig(11, 5, 7, layers), DType.Float32, new Rng(3));
        var gradients = model.NewGradients();
        var state = model.NewState(batch);
        int[][] Window(int shift) => Enumerable.Range(0, 6).Select(t => Enumerable.Range(0, batch).Select(b => (t * 3 + b + shift) % 11).ToArray()).ToArray();
        var inputs = Window(0);
        var targets = Window(1);
        long bytes = AllocationTests.AllocatedByWarm(() =>
        {
            gradients.ZeroAll();
            model.TrainWindow(inputs, targets, state, gradients);
            model.EvaluateWindow(inputs, targets, state);
            model.Step(inputs[0], state);
        });
        Assert.True(bytes == 0,  $"{cell}, batch {batch}, {layers} layer(s): a warm window allocated {bytes} bytes.");
    }
}
