namespace AutoGradRnn;

/// <summary>
/// The loop iterations the running code is in, outermost first, for the message of an <see cref="AnomalyException"/>:
/// each generated loop (and <see cref="Recurrence"/>, for the step it runs a cell at) enters a frame per iteration
/// and leaves it at the end, when <see cref="AnomalyMode.Enabled"/>. Per thread; the names are literals, so no
/// iteration allocates.
/// </summary>
public static class AnomalyIterations
{
    [ThreadStatic] private static string[]? _names;
    [ThreadStatic] private static int[]? _values;
    [ThreadStatic] private static int _depth;

    /// <summary>Enters iteration <paramref name="value"/> of the loop whose variable is <paramref name="name"/>.</summary>
    public static void Enter(string name, int value)
    {
        _names ??= new string[8];
        _values ??= new int[8];
        if (_depth == _names.Length)
        {
            Array.Resize(ref _names, _depth * 2);
            Array.Resize(ref _values, _depth * 2);
        }
        _names[_depth] = name;
        _values[_depth] = value;
        _depth++;
    }

    /// <summary>Leaves the innermost iteration.</summary>
    public static void Leave()
    {
        if (_depth > 0) _depth--;
    }

    /// <summary>Forgets every frame (after a report, or when the mode is switched).</summary>
    public static void Clear() => _depth = 0;

    /// <summary>"t = 17" or "step = 3, t = 17"; empty outside any loop.</summary>
    public static string Describe()
    {
        var parts = new string[_depth];
        for (int i = 0; i < _depth; i++) parts[i] = _names![i] + " = " + _values![i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(", ", parts);
    }
}
