namespace AutoGradRnn.Training;

/// <summary>
/// The course's running loss: <c>smooth = decay·smooth + weight·loss</c>, started at the loss of a uniform
/// guess. For the course (<see cref="Course"/>): <c>smooth_loss = -log(1/V)·seq_length</c>, then
/// <c>smooth_loss * 0.999 + loss * 0.001</c>, with <c>loss</c> the loss summed over the window.
/// </summary>
public sealed class SmoothedLoss
{
    /// <param name="initial">The starting value.</param>
    /// <param name="decay">The weight of the old value (0.999).</param>
    /// <param name="weight">The weight of a new loss; <c>1 − decay</c> when not given (the course writes 0.001).</param>
    public SmoothedLoss(double initial, double decay = 0.999, double? weight = null)
    {
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), $"The decay must be in [0, 1); got {decay}.");
        Value = initial;
        Decay = decay;
        Weight = weight ?? 1 - decay;
    }

    /// <summary>The course's: starts at <c>-ln(1/vocabularySize)·seqLength</c>, decay 0.999, weight 0.001.</summary>
    public static SmoothedLoss Course(int vocabularySize, int seqLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLength, 1);
        return new SmoothedLoss(-Math.Log(1.0 / vocabularySize) * seqLength, 0.999, 0.001);
    }

    /// <summary>The current smoothed value (settable, to resume from a checkpoint).</summary>
    public double Value { get; set; }

    public double Decay { get; }

    public double Weight { get; }

    /// <summary>Folds in one loss and returns the new smoothed value.</summary>
    public double Update(double loss) => Value = Value * Decay + loss * Weight;
}
