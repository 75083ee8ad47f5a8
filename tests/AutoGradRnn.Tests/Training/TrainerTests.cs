using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

/// <summary>The runtime's one training loop: the order of a step, divergence stops before the update, hooks' cadence,
/// stop requests, schedules and resuming, and no allocation in a warm step.</summary>
public class TrainerTests
{
    private sealed class Vector(Tensor w) : IParameters
    {
        public Tensor W { get; } = w;

        public IReadOnlyList<NamedTensor> NamedTensors(string prefix = "") => [new(prefix + "W", W)];

        public void ZeroAll() => W.Zero();
    }

    /// <summary>loss = Σ (w − 3)², gradient 2(w − 3); a step may be scripted to return a bad loss or a bad gradient.</summary>
    private sealed class Quadratic : ITrainingTask
    {
        public Vector Model { get; } = new(Tensor.FromArray(new double[] { 0, 1, 2 }, 3));
        public int Calls { get; private set; }
        public long BadLossAt { get; init; } = -1;
        public long BadGradientAt { get; init; } = -1;
        public int StepsPerEpoch { get; init; } = 1000;

        public IParameters Weights => Model;

        public IParameters NewGradients() => new Vector(Tensor.Zeros(DType.Float64, 3));

        public int Epoch => (Calls - 1) / StepsPerEpoch + 1;

        public double TrainStep(IParameters gradients)
        {
            Calls++;
            var w = Model.W.Doubles;
            var g = ((Vector)gradients).W.Doubles;
            double loss = 0;
            for (int i = 0; i < w.Length; i++)
            {
                loss += (w[i] - 3) * (w[i] - 3);
                g[i] += 2 * (w[i] - 3);
            }
            if (Calls == BadGradientAt) g[1] = double.PositiveInfinity;
            return Calls == BadLossAt ? double.NaN : loss;
        }
    }

    [Fact]
    public void A_step_zeroes_steps_and_counts()
    {
        var task = new Quadratic();
        var trainer = new Trainer(task, new Sgd(0.25));
        double first = trainer.TrainStep();
        Assert.Equal(9 + 4 + 1, first);
        // w ← w − 0.25·2(w − 3) = (w + 3) / 2, from gradients zeroed before the step (not accumulated).
        Assert.Equal(new double[] { 1.5, 2, 2.5 }, task.Model.W.Doubles.ToArray());
        trainer.TrainStep();
        Assert.Equal(new double[] { 2.25, 2.5, 2.75 }, task.Model.W.Doubles.ToArray());
        Assert.Equal(2, trainer.Step);
        Assert.Equal(Math.Sqrt(4 * (1.5 * 1.5 + 1 + 0.25)), trainer.LastNorm, 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bad_loss_or_gradient_stops_before_the_update(bool badLoss)
    {
        var task = new Quadratic { BadLossAt = badLoss ? 3 : -1, BadGradientAt = badLoss ? -1 : 3 };
        var trainer = new Trainer(task, new Sgd(0.25), new GlobalNormClipper(100));
        trainer.Run(2);
        var before = task.Model.W.Doubles.ToArray();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run(10));
        Assert.Equal(3, e.Step);
        Assert.Equal(2, trainer.Step);
        Assert.Equal(before, task.Model.W.Doubles.ToArray());
        Assert.Contains("step 3", e.Message);
        Assert.Contains(badLoss ? "the loss is NaN" : "the gradient norm is infinite", e.Message);
    }

    [Fact]
    public void Hooks_run_at_their_multiples_and_as_told_at_the_last_step()
    {
        var trainer = new Trainer(new Quadratic(), new Sgd(0.01));
        var seen = new List<string>();
        trainer.AfterEachStep(t => seen.Add($"each {t.Step}"));
        trainer.Every(4, t => seen.Add($"if {t.Step}"));
        trainer.Every(4, t => seen.Add($"always {t.Step}"), LastStep.Always);
        trainer.Every(5, t => seen.Add($"never {t.Step}"), LastStep.Never);
        trainer.Every(0, t => seen.Add("off"));
        Assert.Equal(TrainingStop.Completed, trainer.Run(10));
        Assert.Equal(
            ["each 1", "each 2", "each 3", "each 4", "if 4", "always 4", "each 5", "never 5", "each 6", "each 7", "each 8", "if 8", "always 8",
             "each 9", "each 10", "always 10"], seen);
    }

    [Fact]
    public void A_hook_can_stop_and_a_request_interrupts_between_steps()
    {
        var trainer = new Trainer(new Quadratic(), new Sgd(0.01));
        trainer.Every(3, t => t.Stop());
        Assert.Equal(TrainingStop.Stopped, trainer.Run(10));
        Assert.Equal(3, trainer.Step);
        // The stop applies to one run: the next one goes on to its next stop.
        Assert.Equal(TrainingStop.Stopped, trainer.Run(10));
        Assert.Equal(6, trainer.Step);

        int asked = 0;
        var other = new Trainer(new Quadratic(), new Sgd(0.01));
        Assert.Equal(TrainingStop.Interrupted, other.Run(10, () => ++asked > 2));
        Assert.Equal(2, other.Step);
    }

    [Fact]
    public void The_schedule_reads_the_tasks_epoch()
    {
        var task = new Quadratic { StepsPerEpoch = 2 };
        var trainer = new Trainer(task, new Sgd(1), schedule: new StepDecaySchedule(1, 0.5, constantEpochs: 1));
        var rates = new List<double>();
        trainer.AfterEachStep(t => rates.Add(t.Optimizer.LearningRate));
        trainer.Run(6);
        Assert.Equal([1, 1, 0.5, 0.5, 0.25, 0.25], rates);
    }

    [Fact]
    public void A_resumed_trainer_counts_on_from_the_saved_step()
    {
        var trainer = new Trainer(new Quadratic(), new Sgd(0.01));
        trainer.ResumeAt(7);
        var steps = new List<long>();
        trainer.Every(2, t => steps.Add(t.Step), LastStep.Always);
        trainer.Run(11);
        Assert.Equal([8, 10, 11], steps);
    }

    [Fact]
    public void The_window_task_zeroes_the_state_where_a_pass_starts()
    {
        var model = CellCatalog.BuiltIn().Find("elman")!.Create(new CharLmConfig(5, 3, 4), DType.Float64, new Rng(1));
        var tokens = Enumerable.Range(0, 23).Select(i => i * 7 % 5).ToArray();
        var task = new WindowTask(model, new Data.SequenceBatcher(tokens, 2, 3));
        var trainer = new Trainer(task, new Sgd(0.01));
        Assert.Equal(3, task.Batcher.WindowsPerEpoch);
        trainer.Run(3);
        Assert.NotEqual(0, task.State[0].Doubles[0]);

        // The first window of the next pass starts from zeros: the same loss as a fresh state on the same window.
        var weights = model.Weights.NamedTensors().Select(p => p.Value.Clone()).ToArray();
        var fresh = model.NewState(2);
        var (inputs, targets) = task.Batcher.NewTimeMajorRows();
        var probe = new Data.SequenceBatcher(tokens, 2, 3);
        probe.Next();
        probe.CopyTimeMajor(inputs, targets);
        double expected = model.EvaluateWindow(inputs, targets, fresh);
        trainer.Run(4);
        Assert.Equal(2, task.Epoch);
        Assert.Equal(expected, trainer.LastLoss, 12);
        Assert.NotEqual(weights[0].Doubles.ToArray(), model.Weights.NamedTensors()[0].Value.Doubles.ToArray());
    }

    [Theory]
    [InlineData("lstm", "adagrad")]
    [InlineData("gru", "adam")]
    [InlineData("elman", "sgd")]
    public void A_warm_step_of_a_cell_model_allocates_nothing(string cell, string optimizer)
    {
        var model = CellCatalog.BuiltIn().Find(cell)!.Create(new CharLmConfig(11, 5, 7, 2), DType.Float32, new Rng(3));
        var tokens = Enumerable.Range(0, 500).Select(i => i * 7 % 11).ToArray();
        IOptimizer o = optimizer switch { "adam" => new Adam(1e-3), "sgd" => new Sgd(0.1), _ => new Adagrad(0.1) };
        var trainer = new Trainer(new WindowTask(model, new Data.SequenceBatcher(tokens, 3, 6)), o, new ElementwiseClipper(5), new StepDecaySchedule(0.1, 0.5, 1));
        double sum = 0;
        trainer.AfterEachStep(t => sum += t.LastLoss);
        long bytes = Runtime.AllocationTests.AllocatedByWarm(() => trainer.Run(trainer.Step + 2));
        Assert.True(bytes == 0, $"{cell} with {optimizer}: two warm steps of Trainer.Run allocated {bytes} bytes.");
        Assert.True(double.IsFinite(sum));
    }
}
