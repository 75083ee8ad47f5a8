using System.Globalization;

namespace AutoGradRnn.Models.Bench;

/// <summary>What one bench configuration measured over its timed seconds.</summary>
public sealed record BenchResult(BenchConfig Config, int Threads, long Steps, double Seconds, double FlopsPerToken,
    double LossStart, double LossEnd, double AllocatedBytesPerStep, double PeakGflops, double WindowBytesPerStep)
{
    public double TokensPerSecond => Steps * (double)Config.Seq * Config.Batch / Seconds;

    public double MsPerStep => 1000 * Seconds / Steps;

    public double Gflops => TokensPerSecond * FlopsPerToken / 1e9;

    /// <summary>GFLOP/s as a percentage of the machine's matrix-multiply peak on the threads used.</summary>
    public double PercentOfPeak => 100 * Gflops / PeakGflops;

    /// <summary>One machine-readable line in the protocol of the reference trainers (key=value after <c>RESULT</c>).</summary>
    public string ToResultLine()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c,
            $"RESULT name=autogradrnn_{Config.Name} model={Config.Model} hidden={Config.Hidden} embedding={Config.Embedding} seq={Config.Seq} batch={Config.Batch} " +
            $"threads={Threads} tokens_per_s={TokensPerSecond:F1} ms_per_step={MsPerStep:F3} flop_per_token={FlopsPerToken:F0} gflops={Gflops:F2} " +
            $"peak_gflops={PeakGflops:F0} pct_peak={PercentOfPeak:F1} alloc_bytes_per_step={AllocatedBytesPerStep:F0} " +
            $"window_bytes_per_step={WindowBytesPerStep:F0} " +
            $"loss_start={LossStart:F4} loss_end={LossEnd:F4} steps={Steps} seconds={Seconds:F1}");
    }
}
