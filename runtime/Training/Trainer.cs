using System.Diagnostics;

namespace AutoGradRnn.Training;

/// <summary>
/// The training loop every command and every user's program shares. One <see cref="TrainStep"/> zeroes the gradients,
/// runs the task's forward and generated backward, stops on a loss or gradient norm that is not finite (before the
/// update, so the weights stay those of the last good step), clips, sets the learning rate from the schedule and
/// takes the optimizer's step. <see cref="Run"/> repeats it up to a step count and calls the hooks registered with
/// <see cref="Every"/> and <see cref="AfterEachStep"/>: progress lines, samples, evaluations and checkpoints are
/// hooks, so what a caller prints or writes is the caller's. A warm step allocates nothing beyond what the task does.
/// </summary>
/// <example>
/// <code>
/// var trainer = new Trainer(task, new Adagrad(0.1), new ElementwiseClipper(5));
/// trainer.Every(1000, t =&gt; Console.WriteLine($"step {t.Step}: loss {t.LastLoss:F3}"), LastStep.Always);
/// trainer.Run(60_000);
/// </code>
/// </example>
public sealed class Trainer
{
    private readonly IParameters _gradientContainer;
    private readonly List<(long Interval, Action<Trainer> Action, LastStep Last)> _every = [];
    private readonly List<Action<Trainer>> _afterEachStep = [];
    private readonly Stopwatch _clock = new();
    private bool _stop;

    /// <param name="task">The model and its data.</param>
    /// <param name="optimizer">The update rule; the trainer binds it to the task's weights.</param>
    /// <param name="clipper">Gradient clipping; null for none (the norm is still measured, to catch divergence).</param>
    /// <param name="schedule">The learning rate of each step, from the task's epoch; null keeps the optimizer's rate.</param>
    public Trainer(ITrainingTask task, IOptimizer optimizer, IGradientClipper? clipper = null, ILearningRateSchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(optimizer);
        Task = task;
        Optimizer = optimizer;
        Clipper = clipper ?? new NoClipping();
        Schedule = schedule;
        Parameters = task.Weights.NamedTensors();
        _gradientContainer = task.NewGradients();
        Gradients = _gradientContainer.NamedTensors();
        optimizer.Initialize(Parameters);
    }

    public ITrainingTask Task { get; }

    public IOptimizer Optimizer { get; }

    public IGradientClipper Clipper { get; }

    public ILearningRateSchedule? Schedule { get; }

    /// <summary>The weights, by name, in the container's order (what checkpoints store).</summary>
    public IReadOnlyList<NamedTensor> Parameters { get; }

    /// <summary>The last step's gradients, after clipping.</summary>
    public IReadOnlyList<NamedTensor> Gradients { get; }

    /// <summary>Steps trained so far (also those of the run a resumed trainer continues).</summary>
    public long Step { get; private set; }

    /// <summary>The loss of the last step.</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>The global gradient norm of the last step, before clipping.</summary>
    public double LastNorm { get; private set; } = double.NaN;

    /// <summary>Time spent in <see cref="Run"/> so far.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Continues a saved run: the next step is <paramref name="step"/> + 1. The caller restores the weights,
    /// the optimizer's state and the task's position.</summary>
    public void ResumeAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Step = step;
    }

    /// <summary>Runs <paramref name="action"/> after every step that is a multiple of <paramref name="interval"/>
    /// (0: never), and at a run's last step as <paramref name="last"/> says. Hooks run in the order they were added.</summary>
    public Trainer Every(long interval, Action<Trainer> action, LastStep last = LastStep.IfMultiple)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegative(interval);
        if (interval > 0) _every.Add((interval, action, last));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> after every step, before the <see cref="Every"/> hooks.</summary>
    public Trainer AfterEachStep(Action<Trainer> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterEachStep.Add(action);
        return this;
    }

    /// <summary>Asks <see cref="Run"/> to return after the current step's hooks (<see cref="TrainingStop.Stopped"/>).</summary>
    public void Stop() => _stop = true;

    /// <summary>One step: zero the gradients, the task's forward and backward, the divergence check, clipping, the
    /// scheduled learning rate and the optimizer's update. Returns the loss.</summary>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm is not finite; nothing was updated.</exception>
    public double TrainStep()
    {
        _gradientContainer.ZeroAll();
        double loss = Task.TrainStep(_gradientContainer);
        if (!double.IsFinite(loss)) throw new TrainingDivergedException(Step + 1, loss, double.NaN);
        // The clipping is planned here and applied by the optimizer chunk by chunk as it updates (one pass fewer over the
        // gradients); an optimizer of another kind gets the gradients clipped first.
        var adjustment = Clipper.Plan(Gradients, out double norm);
        if (!double.IsFinite(norm)) throw new TrainingDivergedException(Step + 1, loss, norm);
        if (Schedule is not null) Optimizer.LearningRate = Schedule.LearningRate(Task.Epoch, Step);
        if (Optimizer is Optimizer chunked) chunked.Step(Parameters, Gradients, adjustment);
        else
        {
            adjustment.ApplyTo(Gradients);
            Optimizer.Step(Parameters, Gradients);
        }
        Step++;
        LastLoss = loss;
        LastNorm = norm;
        return loss;
    }

    /// <summary>Trains until <see cref="Step"/> reaches <paramref name="untilStep"/>, a hook calls <see cref="Stop"/>, or
    /// <paramref name="stopRequested"/> (checked between steps; e.g. a signal) becomes true.</summary>
    public TrainingStop Run(long untilStep, Func<bool>? stopRequested = null)
    {
        _stop = false;
        _clock.Start();
        try
        {
            while (Step < untilStep)
            {
                if (stopRequested?.Invoke() == true) return TrainingStop.Interrupted;
                TrainStep();
                for (int i = 0; i < _afterEachStep.Count; i++) _afterEachStep[i](this);
                bool last = Step == untilStep;
                for (int i = 0; i < _every.Count; i++)
                {
                    var (interval, action, when) = _every[i];
                    bool due = last ? when == LastStep.Always || (when == LastStep.IfMultiple && Step % interval == 0) : Step % interval == 0;
                    if (due) action(this);
                }
                if (_stop) return TrainingStop.Stopped;
            }
            return TrainingStop.Completed;
        }
        finally
        {
            _clock.Stop();
        }
    }
}
