namespace AutoGradRnn.Training;

/// <summary>Why <see cref="Trainer.Run"/> returned.</summary>
public enum TrainingStop
{
    /// <summary>The requested number of steps was reached.</summary>
    Completed,

    /// <summary>A hook called <see cref="Trainer.Stop"/> (an experiment that has learned its task).</summary>
    Stopped,

    /// <summary>The stop request given to <see cref="Trainer.Run"/> became true (a signal): the step under way was
    /// finished, so the trainer is at a step boundary and can be checkpointed.</summary>
    Interrupted,
}

/// <summary>Whether a hook of <see cref="Trainer.Every"/> also runs at the last step of a <see cref="Trainer.Run"/>.</summary>
public enum LastStep
{
    /// <summary>Only when the last step is a multiple of the interval.</summary>
    IfMultiple,

    /// <summary>Always at the last step (a progress line, a final check).</summary>
    Always,

    /// <summary>Never at the last step (work the caller does after the run anyway: a final checkpoint, a final evaluation).</summary>
    Never,
}
