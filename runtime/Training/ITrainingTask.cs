namespace AutoGradRnn.Training;

/// <summary>
/// What a <see cref="Trainer"/> trains: a model's weights and the forward and backward pass of its next step, on
/// whatever data the task draws (the next window of a text, a fresh batch, the next shuffled batch of a pass).
/// </summary>
public interface ITrainingTask
{
    /// <summary>The weights the optimizer updates.</summary>
    IParameters Weights { get; }

    /// <summary>A gradient container: zeros shaped like <see cref="Weights"/>.</summary>
    IParameters NewGradients();

    /// <summary>The pass over the data that the last step belonged to, from 1: what a learning-rate schedule reads.</summary>
    int Epoch { get; }

    /// <summary>Draws the next step's data, runs the forward and the generated backward, adds (+=) the gradient of
    /// the returned loss into <paramref name="gradients"/> (zeroed by the trainer) and returns the loss.</summary>
    double TrainStep(IParameters gradients);
}
