using System.Globalization;

namespace AutoGradRnn.Training;

/// <summary>A training step whose loss or gradient norm is not finite. The step's update was not applied, so the
/// weights are those after the last good step.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(long step, double loss, double gradientNorm)
        : base($"training diverged at step {step.ToString("N0", CultureInfo.InvariantCulture)}: {ReasonOf(loss, gradientNorm)}")
    {
        Step = step;
        Loss = loss;
        GradientNorm = gradientNorm;
    }

    /// <summary>The step that diverged, counted from 1.</summary>
    public long Step { get; }

    public double Loss { get; }

    /// <summary>The global gradient norm before clipping; NaN when the loss already was not finite.</summary>
    public double GradientNorm { get; }

    /// <summary>What was not finite: "the loss is NaN", "the loss is 2.3 but the gradient norm is infinite".</summary>
    public string Reason => ReasonOf(Loss, GradientNorm);

    private static string ReasonOf(double loss, double norm) => double.IsFinite(loss)
        ? $"the loss is {loss.ToString("G6", CultureInfo.InvariantCulture)} but the gradient norm is {NotFinite(norm)}"
        : $"the loss is {NotFinite(loss)}";

    private static string NotFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "infinite" : "-infinite";
}
