using AutoGradRnn.Checkpoints;

namespace AutoGradRnn.Models.App;

/// <summary>
/// The loss curve of a training run in nats per character: every window's loss, its running mean over the last
/// 1% of the run's windows (at least one), and the held-out loss wherever it was evaluated. Written at the end of
/// the run as a PNG or an SVG (by the file's extension, with ScottPlot), atomically.
/// </summary>
public sealed class LossCurve
{
    private readonly List<double> _steps = [], _losses = [], _validationSteps = [], _validation = [];

    /// <param name="capacity">The number of windows expected, so that recording allocates nothing during the run.</param>
    public LossCurve(int capacity)
    {
        _steps.Capacity = capacity;
        _losses.Capacity = capacity;
    }

    /// <summary>Checks that <paramref name="path"/> names a .png or .svg file that can be written, and removes the temporary
    /// files a killed write of it left; call it before the run starts.</summary>
    public static void CheckPath(string path, string option)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new UsageException($"{option} '{path}': expected a file ending in .png or .svg.");
        Runs.StaleTempFiles.Sweep(Runs.OutputPreflight.Check(path, option));
    }

    public int Windows => _losses.Count;

    /// <summary>Records the loss per character of the window trained at <paramref name="step"/>.</summary>
    public void AddWindow(long step, double lossPerChar)
    {
        _steps.Add(step);
        _losses.Add(lossPerChar);
    }

    /// <summary>Records the held-out loss per character after <paramref name="step"/>.</summary>
    public void AddValidation(long step, double natsPerChar)
    {
        _validationSteps.Add(step);
        _validation.Add(natsPerChar);
    }

    /// <summary>The running mean of the last <paramref name="width"/> window losses at each window.</summary>
    public static double[] RunningMean(IReadOnlyList<double> values, int width)
    {
        var mean = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= width) sum -= values[i - width];
            mean[i] = sum / Math.Min(i + 1, width);
        }
        return mean;
    }

    /// <summary>Draws the curve and writes it to <paramref name="path"/> (.png or .svg), replacing any file atomically.</summary>
    public void Save(string path, string title)
    {
        var plot = new ScottPlot.Plot();
        if (_losses.Count > 0)
        {
            var raw = plot.Add.ScatterLine(_steps.ToArray(), _losses.ToArray());
            raw.LegendText = "window";
            raw.Color = ScottPlot.Colors.SteelBlue.WithAlpha(0.35);
            raw.LineWidth = 1;
            int width = Math.Max(1, _losses.Count / 100);
            var smooth = plot.Add.ScatterLine(_steps.ToArray(), RunningMean(_losses, width));
            smooth.LegendText = width > 1 ? $"mean of the last {width} windows" : "window";
            smooth.Color = ScottPlot.Colors.Navy;
            smooth.LineWidth = 2;
        }
        if (_validation.Count > 0)
        {
            var held = plot.Add.Scatter(_validationSteps.ToArray(), _validation.ToArray());
            held.LegendText = "held out";
            held.Color = ScottPlot.Colors.OrangeRed;
            held.MarkerSize = 9;
            held.LineWidth = _validation.Count > 1 ? 2 : 0;
        }
        plot.Title(title);
        plot.XLabel("step (window)");
        plot.YLabel("loss (nats/char)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        const int Width = 900, Height = 540;
        bool svg = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);
        byte[] bytes = svg
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height))
            : plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
