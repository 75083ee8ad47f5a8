namespace AutoGradRnn;

/// <summary>
/// The switch of anomaly mode: when on, the generated forward checks every value a statement produces and the generated
/// backward every adjoint a rule writes, and the first NaN or ±Inf entry throws an <see cref="AnomalyException"/> naming
/// the source statement, its file and line, the loop iteration, the tensor and the entry. Off (the default), each check
/// costs one test of this flag. The switch is per thread: the generated code runs on the thread that calls it.
/// </summary>
/// <example>
/// <code>
/// using (AnomalyMode.Enable())
/// {
///     for (int step = 0; step &lt; 100; step++) trainer.TrainStep();
/// }
/// </code>
/// </example>
public static class AnomalyMode
{
    [ThreadStatic] private static bool _enabled;

    /// <summary>Whether the generated code of this thread checks for NaN and ±Inf.</summary>
    public static bool Enabled
    {
        get => _enabled;
        set
        {
            _enabled = value;
            AnomalyIterations.Clear();
        }
    }

    /// <summary>Turns anomaly mode on until the returned scope is disposed, then back to what it was; with
    /// <paramref name="when"/> false, changes nothing (for an option: <c>using (AnomalyMode.Enable(options.DetectAnomaly))</c>).</summary>
    public static Scope Enable(bool when = true)
    {
        if (!when) return default;
        var scope = new Scope(_enabled);
        Enabled = true;
        return scope;
    }

    /// <summary>Restores the previous <see cref="Enabled"/> when disposed (the default scope restores nothing).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previous, _active;

        internal Scope(bool previous)
        {
            _previous = previous;
            _active = true;
        }

        public void Dispose()
        {
            if (_active) Enabled = _previous;
        }
    }
}
