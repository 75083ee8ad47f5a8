namespace AutoGradRnn.Training;

/// <summary>A learning rate as a function of the epoch being trained (1-based: 1 is the first pass over the
/// data) and the number of optimizer steps already taken (0-based).</summary>
public interface ILearningRateSchedule
{
    double LearningRate(int epoch, long step);
}

/// <summary>The same learning rate throughout (the course: Adagrad 0.1).</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    public ConstantSchedule(double learningRate)
    {
        Schedules.CheckRate(learningRate, nameof(learningRate));
        Rate = learningRate;
    }

    public double Rate { get; }

    public double LearningRate(int epoch, long step) => Rate;
}

/// <summary>
/// Constant for the first <see cref="ConstantEpochs"/> epochs, then multiplied by <see cref="Factor"/> at the
/// start of every later epoch: <c>lr(epoch) = initial · factor^max(0, epoch − constantEpochs)</c>.
/// The PTB small recipe (Zaremba: lr 1, decay 2, max_epoch 4) is <c>new StepDecaySchedule(1.0, 0.5, 4)</c>:
/// epochs 1–4 at 1, epoch 5 at 0.5, epoch 6 at 0.25, …; char-rnn's is <c>(2e-3, 0.97, 10)</c>.
/// </summary>
public sealed class StepDecaySchedule : ILearningRateSchedule
{
    public StepDecaySchedule(double initial, double factor, int constantEpochs)
    {
        Schedules.CheckRate(initial, nameof(initial));
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), $"The decay factor must be positive and finite; got {factor}.");
        ArgumentOutOfRangeException.ThrowIfNegative(constantEpochs);
        Initial = initial;
        Factor = factor;
        ConstantEpochs = constantEpochs;
    }

    public double Initial { get; }

    public double Factor { get; }

    public int ConstantEpochs { get; }

    public double LearningRate(int epoch, long step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        int decays = Math.Max(0, epoch - ConstantEpochs);
        double lr = Initial;
        for (int i = 0; i < decays; i++) lr *= Factor; // repeated multiplication, as "lr = lr / decay" each epoch
        return lr;
    }
}

/// <summary>Exponential decay in the step count: <c>lr(step) = initial · rate^(step / decaySteps)</c>, continuous,
/// or with <c>staircase</c> the exponent rounded down.</summary>
public sealed class ExponentialSchedule : ILearningRateSchedule
{
    public ExponentialSchedule(double initial, double rate, long decaySteps = 1, bool staircase = false)
    {
        Schedules.CheckRate(initial, nameof(initial));
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), $"The decay rate must be positive and finite; got {rate}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        Initial = initial;
        Rate = rate;
        DecaySteps = decaySteps;
        Staircase = staircase;
    }

    public double Initial { get; }

    public double Rate { get; }

    public long DecaySteps { get; }

    public bool Staircase { get; }

    public double LearningRate(int epoch, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double exponent = Staircase ? step / DecaySteps : (double)step / DecaySteps;
        return Initial * Math.Pow(Rate, exponent);
    }
}

internal static class Schedules
{
    internal static void CheckRate(double rate, string name)
    {
        if (!double.IsFinite(rate) || rate < 0) throw new ArgumentOutOfRangeException(name, $"A learning rate must be finite and non-negative; got {rate}.");
    }
}
