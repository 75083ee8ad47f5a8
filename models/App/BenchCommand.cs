using System.CommandLine;
using System.Globalization;
using AutoGradRnn.Data;
using AutoGradRnn.Models.Bench;
using AutoGradRnn.Models.Experiments.Ptb;

namespace AutoGradRnn.Models.App;

/// <summary>
/// <c>bench</c>: training speed of the configurations in <see cref="BenchConfig.All"/> (or those named), each for a
/// fixed time after a warm-up, one machine-readable <c>RESULT</c> line per configuration (tokens/s, ms/step,
/// GFLOP/s, % of the matrix-multiply peak, bytes allocated per step) and a table at the end.
/// </summary>
public static class BenchCommand
{
    private static readonly Option<string[]> Configs = new("--config", "-c") { Description = $"Configurations to run (repeatable): {BenchConfig.Names}. [default: all]", HelpName = "name", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> Data = new("--data", "-d") { Description = "The text to train on (the reference figures use ../shared/data/tinyshakespeare/input.txt). [default: the bundled data/corpus.txt]", HelpName = "file" };
    private static readonly Option<string?> PtbData = new("--ptb-data") { Description = "The folder holding ptb.train.txt, for ptb-small. [default: shared/data/ptb found as the ptb command finds it; else 929,589 random word ids over 10,000, as the reference trainer does]", HelpName = "folder" };
    private static readonly Option<double> Seconds = new("--seconds") { Description = "Timed seconds per configuration.", DefaultValueFactory = _ => 10.0, HelpName = "s" };
    private static readonly Option<double> Warmup = new("--warmup") { Description = "Untimed warm-up seconds per configuration (the JIT's tiers, the tape's buffers).", DefaultValueFactory = _ => 3.0, HelpName = "s" };
    private static readonly Option<double> Peak = new("--peak") { Description = "The machine's single-thread matrix-multiply peak in GFLOP/s, for the % column (196: OpenBLAS sgemm on one Zen 5 core with AVX-512, measured by ../shared/anchors/peak.py).", DefaultValueFactory = _ => 196.0, HelpName = "gflops" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("bench", "Measure training speed (tokens/s, GFLOP/s, allocations per step) on fixed configurations, one RESULT line each.");
        foreach (var option in new Option[] { Configs, Data, PtbData, Seconds, Warmup, Peak, Cli.DetectAnomaly }) command.Options.Add(option);
        command.SetAction(result => Cli.Guard(output, error, () => Cli.WithAnomalyMode(result, () => Run(result, output))));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var names = r.GetValue(Configs) is { Length: > 0 } given ? given : BenchConfig.All.Select(c => c.Name).ToArray();
        var configs = names.Select(n => BenchConfig.Find(n) ?? throw new UsageException($"--config: unknown configuration '{n}'; expected one of {BenchConfig.Names}.")).ToArray();
        double seconds = r.GetValue(Seconds), warmup = r.GetValue(Warmup), peak = r.GetValue(Peak);
        if (!(seconds > 0) || !double.IsFinite(seconds)) throw new UsageException($"--seconds must be a positive number, got {Arguments.Format(seconds)}.");
        if (!(warmup >= 0) || !double.IsFinite(warmup)) throw new UsageException($"--warmup must be a number ≥ 0, got {Arguments.Format(warmup)}.");
        if (!(peak > 0) || !double.IsFinite(peak)) throw new UsageException($"--peak must be a positive number of GFLOP/s, got {Arguments.Format(peak)}.");

        output.WriteLine($"autogradrnn bench: {Arguments.Format(warmup)} s warm-up + {Arguments.Format(seconds)} s timed per configuration; " +
                         $"{Environment.ProcessorCount} cores, kernels {(KernelWidth.Bits > 0 ? $"{KernelWidth.Bits}-bit FMA" : "scalar")}; peak {Arguments.Format(peak)} GFLOP/s per thread");
        var chars = configs.Any(c => !c.IsWordLevel) ? Characters(r, configs, output) : default;
        var words = configs.Any(c => c.IsWordLevel) ? Words(r, output) : default;
        var results = new List<BenchResult>();
        foreach (var config in configs)
        {
            var (tokens, vocabulary, name) = config.IsWordLevel ? words : chars;
            var result = TrainingBenchmark.Run(config, () => config.IsWordLevel
                ? PtbWorkload.Create(config, tokens, vocabulary, name, seed: 1)
                : CharLmWorkload.Create(config, tokens, vocabulary, name, seed: 1), warmup, seconds, peak);
            output.WriteLine(result.ToResultLine());
            output.Flush();
            results.Add(result);
        }

        output.WriteLine();
        output.WriteLine("| configuration | threads | tokens/s | ms/step | GFLOP/s | % peak | bytes allocated/step | window bytes/step | loss start → end |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var x in results)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {x.Config.Name} | {x.Threads} | {x.TokensPerSecond:N0} | {x.MsPerStep:F2} | {x.Gflops:F1} | {x.PercentOfPeak:F1} | {x.AllocatedBytesPerStep:N0} | {x.WindowBytesPerStep:N0} | {x.LossStart:F2} → {x.LossEnd:F2} |"));
        return ExitCodes.Success;
    }

    /// <summary>The characters of --data (else the bundled corpus) for the character-level configurations.</summary>
    private static (int[] Tokens, int Vocabulary, string Name) Characters(ParseResult r, BenchConfig[] configs, TextWriter output)
    {
        string dataPath = r.GetValue(Data) ?? DataLocator.FindBundledCorpus();
        var corpus = TextCorpus.Load(dataPath);
        var vocabulary = Vocabulary.FromText(corpus.Text);
        var tokens = vocabulary.Encode(corpus.Text);
        int longest = configs.Where(c => !c.IsWordLevel).Max(c => c.Batch * (c.Seq + 2));
        if (tokens.Length < longest)
            throw new UsageException($"--data '{dataPath}' has {tokens.Length:N0} characters; the configurations need at least {longest:N0}.");
        output.WriteLine($"characters: {dataPath} (V {vocabulary.Count})");
        return (tokens, vocabulary.Count, dataPath);
    }

    /// <summary>The PTB training words of --ptb-data (else the default folder), or the reference trainer's random words.</summary>
    private static (int[] Tokens, int Vocabulary, string Name) Words(ParseResult r, TextWriter output)
    {
        string? folder = r.GetValue(PtbData) ?? PtbCorpus.FindDefault();
        if (folder is null)
        {
            const int vocabulary = 10_000;
            output.WriteLine($"words: no shared/data/ptb found and no --ptb-data: 929,589 random word ids over {vocabulary:N0} (the speed does not depend on the words)");
            return (PtbWorkload.SyntheticWords(vocabulary, seed: 1), vocabulary, "the random words");
        }
        var corpus = PtbCorpus.Load(folder, "--ptb-data");
        output.WriteLine($"words: {folder}: {corpus.Train.Length:N0} training words (V {corpus.Vocabulary.Count:N0})");
        return (corpus.Train, corpus.Vocabulary.Count, Path.Combine(folder, PtbCorpus.FileNames[0]));
    }
}
