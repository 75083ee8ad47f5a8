using AutoGradRnn.Checkpoints;
using AutoGradRnn.Models.App;
using AutoGradRnn.Runs;

namespace AutoGradRnn.Models.Experiments.Common;

/// <summary>One line of a <see cref="Chart"/>: its legend text and its points.</summary>
public sealed record ChartSeries(string Label, double[] X, double[] Y)
{
    /// <summary>Draw the line dashed (e.g. to tell two families apart that share colours).</summary>
    public bool Dashed { get; init; }
}

/// <summary>
/// A line chart written as PNG or SVG (chosen by the file's extension) through ScottPlot: the experiments' pictures.
/// </summary>
public static class Chart
{
    /// <summary>Checks a picture path before any work starts: it must end in .png or .svg, and be writable
    /// (<see cref="OutputPreflight"/>: not a directory or a device, in a folder that exists or can be made); the temporary
    /// files a killed write of it left are removed.</summary>
    /// <exception cref="UsageException">Another extension.</exception>
    /// <exception cref="RunRefusedException">The path cannot be written.</exception>
    public static void CheckPath(string path, string option)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new UsageException($"{option} '{path}' must end in .png or .svg (the picture's format).");
        StaleTempFiles.Sweep(OutputPreflight.Check(path, option));
    }

    /// <summary>Writes the chart to <paramref name="path"/> (PNG or SVG by extension), creating its folder, atomically.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        (double Min, double Max)? yLimits = null, int width = 900, int height = 560)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        // Dashed series reuse the colours of the solid ones, in order, so a family's members pair up.
        int solid = 0, dashed = 0;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var line = plot.Add.Scatter(s.X, s.Y, palette.GetColor(s.Dashed ? dashed++ : solid++));
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.MarkerSize = s.X.Length > 30 ? 0 : 5;
            if (s.Dashed) line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (yLimits is { } y) plot.Axes.SetLimitsY(y.Min, y.Max);
        // A few series: the legend inside the corner; many: beside the plot, where it hides no line.
        if (series.Count > 4) plot.ShowLegend(ScottPlot.Edge.Right);
        else if (series.Count > 1) plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        byte[] bytes = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
