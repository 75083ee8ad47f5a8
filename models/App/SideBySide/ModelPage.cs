using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// The sections of a model's page in the order a window runs them: the embedding over all T·B input rows, the cell's
/// step inside the window loop (the runtime's <see cref="Recurrence"/>, which keeps one tape per step), and the output
/// layer and loss over all T·B outputs. With <c>cellOnly</c>, the cell's step alone.
/// </summary>
public static class ModelPage
{
    /// <param name="read">The text of a generated file, by name.</param>
    public static IReadOnlyList<PageSection> Sections(CharLmSpec spec, bool cellOnly, Func<string, string> read)
    {
        var cell = GeneratedFileParser.Parse(spec.Cell.GeneratedFile, read(spec.Cell.GeneratedFile));
        var step = new PageSection(cell, $"The {spec.Name} cell's step ({spec.Cell.TypeName}): one time step of one layer, for a batch of rows.", WindowLoop(spec, cell));
        if (cellOnly) return [step];
        return
        [
            new PageSection(GeneratedFileParser.Parse(CharLmSpec.EmbedFile, read(CharLmSpec.EmbedFile)), "Once per window, before the loop: the embedding of all T·B input rows at once."),
            step,
            new PageSection(GeneratedFileParser.Parse(CharLmSpec.LossFile, read(CharLmSpec.LossFile)), "Once per window, after the loop: the output layer and the loss over all T·B outputs of the last layer at once."),
        ];
    }

    /// <summary>The window loop around the step, which is the runtime's code and not generated (the page adds what each
    /// step's tape keeps).</summary>
    private static string WindowLoop(CharLmSpec spec, MethodListing cell)
    {
        string method = cell.Name[(cell.Name.LastIndexOf('.') + 1)..];
        string state = string.Join(", ", spec.Cell.StateNames);
        return $"The window loop (the runtime's Recurrence, in every layer; not generated code): for t = 0 … T−1, ({state}) = {method}(weights, x[t], {state}); " +
               $"then the backward for t = T−1 … 0, each step's {method}Backward reading that step's tape.";
    }
}
