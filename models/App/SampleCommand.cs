using System.CommandLine;
using System.Text;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.App;

/// <summary><c>sample</c>: text from a trained checkpoint, with a temperature and a seed text (the primer).</summary>
public static class SampleCommand
{
    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c") { Description = "The checkpoint a train run wrote.", DefaultValueFactory = _ => Path.Combine("checkpoints", "lstm.safetensors"), HelpName = "file" };
    private static readonly Option<int> Length = new("--length", "-n") { Description = "Characters to generate.", DefaultValueFactory = _ => 500, HelpName = "n" };
    private static readonly Option<double> Temperature = new("--temperature", "-t") { Description = "Softmax temperature: 1 samples the model, lower is more conservative, 0 is argmax.", DefaultValueFactory = _ => 1.0, HelpName = "T" };
    private static readonly Option<string?> Prime = new("--prime", "-p") { Description = "Seed text fed through the model first (printed before the sample). [default: a line break, or the first character of the vocabulary]", HelpName = "text" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the draws: the same seed gives the same text.", DefaultValueFactory = _ => 1UL, HelpName = "n" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("sample", "Generate text from a checkpoint.");
        foreach (var option in new Option[] { Checkpoint, Length, Temperature, Prime, Seed }) command.Options.Add(option);
        command.SetAction(r => Cli.Guard(output, error, () => Run(r, output)));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        string path = r.GetValue(Checkpoint)!;
        int length = r.GetValue(Length);
        double temperature = r.GetValue(Temperature);
        Arguments.Positive(length, "--length", "a number of characters");
        if (!(temperature >= 0) || !double.IsFinite(temperature)) throw new UsageException($"--temperature must be a finite number ≥ 0, got {Arguments.Format(temperature)}.");
        if (!File.Exists(path)) throw new UsageException($"--checkpoint: no checkpoint at '{path}' (train one with 'autogradrnn train', or give its path).");
        var saved = TrainingCheckpoint.Load(path);
        saved.EnsureFinite(path);
        RunConfig config;
        try { config = RunConfig.FromJson(saved.ConfigJson); }
        catch (FormatException e) { throw new CheckpointException(path, $"{e.Message}.", e); }
        var spec = CharLmRegistry.Find(saved.ModelKind) ?? throw new CheckpointException(path, $"holds a '{saved.ModelKind}' model; this app knows {CharLmRegistry.Names}.");
        if (saved.Vocabulary.Kind != VocabularyKind.Characters) throw new CheckpointException(path, "holds a word vocabulary; sample needs a character model.");
        if (saved.Vocabulary.Count != config.Vocabulary) throw new CheckpointException(path, $"its vocabulary has {saved.Vocabulary.Count} tokens but its config says {config.Vocabulary}.");
        var model = spec.Create(new CharLmConfig(saved.Vocabulary.Count, config.Embedding, config.Hidden, config.Layers), DType.Float32, new Rng(0));
        saved.RestoreWeights(model.Weights.NamedTensors(), path);

        var vocabulary = saved.Vocabulary;
        string prime = r.GetValue(Prime) ?? (vocabulary.Contains("\n") ? "\n" : vocabulary[0]);
        if (prime.Length == 0) throw new UsageException("--prime is empty; give at least one character, or leave it out.");
        var primer = new List<int>();
        foreach (var rune in prime.EnumerateRunes())
        {
            int id = vocabulary.IndexOf(rune);
            if (id < 0) throw new UsageException($"--prime: the character '{rune}' (U+{rune.Value:X4}) is not in the checkpoint's vocabulary of {vocabulary.Count} characters.");
            primer.Add(id);
        }
        // Printed to a pipe, the sample ends when the reader does (sample … | head), as a Unix tool would.
        var pipe = ReferenceEquals(output, Console.Out) ? StandardOutput.PipeWriter() : null; // not disposed: descriptor 1 is not ours
        var writer = pipe ?? output;
        try
        {
            writer.Write(prime);
            Generation.Generate(model, vocabulary, model.NewState(1), primer.ToArray(), length, temperature, new Rng(r.GetValue(Seed)), writer);
            writer.WriteLine();
        }
        catch (IOException e) when (pipe is not null && StandardOutput.ReaderGone(e))
        {
            // The reader has everything it wanted.
        }
        return ExitCodes.Success;
    }
}
