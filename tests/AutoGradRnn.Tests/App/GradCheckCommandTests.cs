using AutoGradRnn.Models.App;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Tests.App;

/// <summary><c>gradcheck</c>: every built-in model's generated BPTT against float64 finite differences.</summary>
public class GradCheckCommandTests
{
    public static TheoryData<string> Models => [.. CharLmRegistry.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_built_in_model_passes_the_gradient_check(string model)
    {
        var result = GradCheckCommand.Check(CharLmRegistry.Find(model)!, new CharLmConfig(6, 3, 4), seq: 5, batch: 2, seed: 11);
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
    }

    [Fact]
    public void The_command_prints_a_table_per_model_and_exits_0()
    {
        var (code, output, error) = AppRunner.Run("gradcheck");
        Assert.True(code == 0, error + output);
        foreach (var spec in CharLmRegistry.All) Assert.Contains($"== {spec.Name}:", output);
        Assert.Contains("worst entries", output);
        Assert.Contains("gradcheck: all 3 passed", output);
    }
}
