namespace AutoGradRnn.Runs;

/// <summary>
/// Steps per second over the recent past, for an ETA that follows the run's current speed: the rate between the newest
/// mark and the oldest of the last few, so the slow first steps (JIT compilation, cold caches) leave the estimate once
/// they are a few progress lines behind, instead of weighing on it for the whole run.
/// </summary>
public sealed class ThroughputMeter
{
    private readonly (long Step, double Seconds)[] _marks;
    private int _count, _next;

    /// <param name="window">How many of the newest marks the rate spans.</param>
    public ThroughputMeter(int window = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _marks = new (long, double)[window];
    }

    /// <summary>Records that <paramref name="step"/> was reached <paramref name="seconds"/> after the run started.</summary>
    public void Mark(long step, double seconds)
    {
        _marks[_next] = (step, seconds);
        _next = (_next + 1) % _marks.Length;
        if (_count < _marks.Length) _count++;
    }

    /// <summary>Steps per second between the oldest and the newest mark kept; NaN before two marks.</summary>
    public double StepsPerSecond
    {
        get
        {
            if (_count < 2) return double.NaN;
            var newest = _marks[(_next - 1 + _marks.Length) % _marks.Length];
            var oldest = _marks[_count < _marks.Length ? 0 : _next];
            double seconds = newest.Seconds - oldest.Seconds;
            return seconds > 0 ? (newest.Step - oldest.Step) / seconds : double.NaN;
        }
    }

    /// <summary>Seconds to reach <paramref name="target"/> from the newest mark at the recent rate; NaN when unknown.</summary>
    public double SecondsTo(long target)
    {
        if (_count == 0) return double.NaN;
        var newest = _marks[(_next - 1 + _marks.Length) % _marks.Length];
        return Math.Max(0, target - newest.Step) / StepsPerSecond;
    }
}
