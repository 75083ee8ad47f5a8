using System.Globalization;
using System.Text.Json;
using AutoGradRnn.Data;
using AutoGradRnn.Training;

namespace AutoGradRnn.Checkpoints;

/// <summary>
/// Everything needed to resume a training run exactly, stored as one safetensors file (see
/// docs/checkpoint-format.md): the weights (under their own names, e.g. <c>Wxh</c>), the optimizer state
/// (<c>optim.</c> + its state names, e.g. <c>optim.memory.Wxh</c>), tensors carried across windows such as
/// the hidden state (<c>state.</c> + name), and string metadata: format and version, model kind, config
/// JSON, vocabulary, step, epoch, optimizer kind/step/learning rate/hyper-parameters, the Rng state, the
/// batcher position and the smoothed loss.
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>The value of the <c>format</c> metadata key.</summary>
    public const string Format = "autogradrnn.checkpoint";

    /// <summary>The version this code writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    public const string OptimizerPrefix = "optim.";
    public const string CarriedPrefix = "state.";

    /// <summary>The metadata keys this class writes; any others are kept in <see cref="Extra"/>.</summary>
    public static class Keys
    {
        public const string Format = "format";
        public const string FormatVersion = "format_version";
        public const string ModelKind = "model_kind";
        public const string Config = "config";
        public const string Vocabulary = "vocabulary";
        public const string VocabularyKind = "vocabulary_kind";
        public const string Tensors = "tensors";
        public const string Step = "step";
        public const string Epoch = "epoch";
        public const string OptimizerKind = "optim.kind";
        public const string OptimizerStep = "optim.step";
        public const string LearningRate = "optim.lr";
        public const string OptimizerHyperparameters = "optim.hyperparameters";
        public const string Rng = "rng";
        public const string Batcher = "batcher";
        public const string SmoothedLoss = "smooth_loss";
        public const string CreatedBy = "created_by";

        internal static readonly HashSet<string> All = new(StringComparer.Ordinal)
        {
            Format, FormatVersion, ModelKind, Config, Vocabulary, VocabularyKind, Tensors, Step, Epoch, OptimizerKind,
            OptimizerStep, LearningRate, OptimizerHyperparameters, Rng, Batcher, SmoothedLoss, CreatedBy,
        };
    }

    /// <summary>Which model the weights belong to (e.g. <c>elman</c>, <c>lstm</c>).</summary>
    public required string ModelKind { get; init; }

    /// <summary>The model and training configuration, as a JSON object (kept as text).</summary>
    public string ConfigJson { get; init; } = "{}";

    public required Vocabulary Vocabulary { get; init; }

    /// <summary>The model's parameters, by name (e.g. from <c>IParameters.NamedTensors()</c>).</summary>
    public required IReadOnlyList<NamedTensor> Weights { get; init; }

    /// <summary>The optimizer's <see cref="IOptimizer.Kind"/>, or null when none is saved.</summary>
    public string? OptimizerKind { get; init; }

    /// <summary>The optimizer's step count (Adam's bias correction needs it).</summary>
    public long OptimizerStep { get; init; }

    /// <summary>The optimizer's learning rate at the time of saving.</summary>
    public double? LearningRate { get; init; }

    public IReadOnlyDictionary<string, double> OptimizerHyperparameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The optimizer's state tensors, named as <see cref="IOptimizer.GetState"/> names them (without <c>optim.</c>).</summary>
    public IReadOnlyList<NamedTensor> OptimizerState { get; init; } = [];

    /// <summary>Tensors carried from window to window (hidden and cell states), named without <c>state.</c>.</summary>
    public IReadOnlyList<NamedTensor> CarriedState { get; init; } = [];

    /// <summary>Training steps (windows) done.</summary>
    public long Step { get; init; }

    /// <summary>Passes over the training data completed.</summary>
    public int Epoch { get; init; }

    /// <summary>The sampling/dropout generator's state, from <see cref="RngState.Capture"/>.</summary>
    public string? RandomState { get; init; }

    public BatcherState? Batcher { get; init; }

    public double? SmoothedLoss { get; init; }

    /// <summary>Further string metadata (keys other than <see cref="Keys"/>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>A checkpoint's optimizer fields filled from <paramref name="optimizer"/> (the live state tensors,
    /// written when the checkpoint is saved).</summary>
    public TrainingCheckpoint WithOptimizer(IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return new TrainingCheckpoint
        {
            ModelKind = ModelKind, ConfigJson = ConfigJson, Vocabulary = Vocabulary, Weights = Weights,
            OptimizerKind = optimizer.Kind, OptimizerStep = optimizer.StepCount, LearningRate = optimizer.LearningRate,
            OptimizerHyperparameters = optimizer.Hyperparameters, OptimizerState = optimizer.GetState(),
            CarriedState = CarriedState, Step = Step, Epoch = Epoch, RandomState = RandomState, Batcher = Batcher,
            SmoothedLoss = SmoothedLoss, Extra = Extra,
        };
    }

    /// <summary>Writes the checkpoint atomically: on any failure an existing file at <paramref name="path"/> is unchanged.</summary>
    /// <exception cref="CheckpointException">The checkpoint is inconsistent or cannot be written.</exception>
    public void Save(string path) => SafeTensorsFile.Write(path, ToContent(path));

    /// <summary>The safetensors content this checkpoint is written as.</summary>
    public SafeTensorsContent ToContent(string path = "<checkpoint>")
    {
        CheckpointException Bad(string problem) => new(path, problem);
        if (string.IsNullOrWhiteSpace(ModelKind)) throw Bad("the model kind is empty.");
        ArgumentNullException.ThrowIfNull(Vocabulary);
        ArgumentNullException.ThrowIfNull(Weights);
        try
        {
            using var _ = JsonDocument.Parse(ConfigJson);
        }
        catch (JsonException e)
        {
            throw Bad($"the config is not valid JSON ({e.Message}).");
        }

        var content = new SafeTensorsContent();
        foreach (var w in Weights)
        {
            if (w.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || w.Name.StartsWith(CarriedPrefix, StringComparison.Ordinal))
                throw Bad($"the weight name '{w.Name}' starts with a reserved prefix ('{OptimizerPrefix}' or '{CarriedPrefix}').");
            content.Tensors.Add(w);
        }
        foreach (var s in OptimizerState) content.Tensors.Add(new NamedTensor(OptimizerPrefix + s.Name, s.Value));
        foreach (var s in CarriedState) content.Tensors.Add(new NamedTensor(CarriedPrefix + s.Name, s.Value));

        var m = content.Metadata;
        m[Keys.Format] = Format;
        m[Keys.FormatVersion] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        m[Keys.CreatedBy] = "AutoGradRnn " + typeof(TrainingCheckpoint).Assembly.GetName().Version?.ToString(3);
        m[Keys.ModelKind] = ModelKind;
        m[Keys.Config] = ConfigJson;
        m[Keys.Vocabulary] = Vocabulary.ToJson();
        m[Keys.VocabularyKind] = Vocabulary.Kind == VocabularyKind.Characters ? "characters" : "words";
        m[Keys.Tensors] = Json.StringArray(content.Tensors.Select(t => t.Name));
        m[Keys.Step] = Step.ToString(CultureInfo.InvariantCulture);
        m[Keys.Epoch] = Epoch.ToString(CultureInfo.InvariantCulture);
        if (OptimizerKind is not null)
        {
            m[Keys.OptimizerKind] = OptimizerKind;
            m[Keys.OptimizerStep] = OptimizerStep.ToString(CultureInfo.InvariantCulture);
            foreach (var (k, v) in OptimizerHyperparameters)
            {
                if (!double.IsFinite(v)) throw Bad($"the optimizer hyper-parameter '{k}' is {v}; it must be finite.");
            }
            m[Keys.OptimizerHyperparameters] = NumberObject(OptimizerHyperparameters);
        }
        else if (OptimizerState.Count > 0)
        {
            throw Bad("optimizer state is given without an optimizer kind.");
        }
        if (LearningRate is double lr) m[Keys.LearningRate] = Number(lr);
        if (RandomState is not null) m[Keys.Rng] = RandomState;
        if (Batcher is BatcherState b) m[Keys.Batcher] = string.Create(CultureInfo.InvariantCulture, $"{b.NextPosition},{b.Epoch},{b.Iteration}");
        if (SmoothedLoss is double sl) m[Keys.SmoothedLoss] = Number(sl);
        foreach (var (key, value) in Extra)
        {
            if (Keys.All.Contains(key)) throw Bad($"the extra metadata key '{key}' is reserved.");
            m[key] = value;
        }
        return content;
    }

    /// <summary>Reads and validates a checkpoint.</summary>
    /// <exception cref="CheckpointException">The file is missing, corrupt, of another format or a newer version,
    /// lacks a tensor its metadata lists, or has unreadable metadata: the message names the file and the problem.</exception>
    public static TrainingCheckpoint Load(string path) => FromContent(SafeTensorsFile.Read(path), path);

    /// <summary>Interprets safetensors content as a checkpoint (see <see cref="Load"/>).</summary>
    public static TrainingCheckpoint FromContent(SafeTensorsContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckpointException Bad(string problem) => new(path, problem);
        var m = content.Metadata;
        string Required(string key) => m.TryGetValue(key, out var v) ? v : throw Bad($"the metadata has no '{key}'.");
        long Long(string key, string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= 0 ? v
            : throw Bad($"metadata '{key}' is '{text}', not a non-negative integer.");
        double Double(string key, string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw Bad($"metadata '{key}' is '{text}', not a number.");

        if (!m.TryGetValue(Keys.Format, out var format) || format != Format)
            throw Bad($"this is not an AutoGradRnn checkpoint (metadata 'format' is {(format is null ? "missing" : $"'{format}'")}; expected '{Format}').");
        long version = Long(Keys.FormatVersion, Required(Keys.FormatVersion));
        if (version > FormatVersion || version < 1)
            throw Bad($"format version {version} is not supported; this build reads version {FormatVersion}.");

        // The tensors the metadata lists must be exactly the tensors in the file.
        string[] listed;
        try
        {
            listed = Json.ParseStringArray(Required(Keys.Tensors), "metadata 'tensors'");
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
        var present = content.Tensors.ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        foreach (var name in listed)
        {
            if (!present.ContainsKey(name)) throw Bad($"tensor '{name}' is listed in the metadata but missing from the file.");
        }
        var listedSet = listed.ToHashSet(StringComparer.Ordinal);
        foreach (var t in content.Tensors)
        {
            if (!listedSet.Contains(t.Name)) throw Bad($"tensor '{t.Name}' is in the file but not listed in the metadata.");
        }
        if (content.Int64Tensors.Count > 0) throw Bad($"tensor '{content.Int64Tensors[0].Name}' is I64; a training checkpoint holds F32/F64 tensors only.");

        var kind = Required(Keys.VocabularyKind) switch
        {
            "characters" => VocabularyKind.Characters,
            "words" => VocabularyKind.Words,
            var other => throw Bad($"metadata 'vocabulary_kind' is '{other}'; expected 'characters' or 'words'."),
        };
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromJson(Required(Keys.Vocabulary), kind);
        }
        catch (FormatException e)
        {
            throw Bad($"metadata 'vocabulary': {e.Message}");
        }

        string config = Required(Keys.Config);
        try
        {
            using var _ = JsonDocument.Parse(config);
        }
        catch (JsonException e)
        {
            throw Bad($"metadata 'config' is not valid JSON ({e.Message}).");
        }

        var weights = new List<NamedTensor>();
        var optimizerState = new List<NamedTensor>();
        var carried = new List<NamedTensor>();
        foreach (var name in listed)
        {
            var value = present[name];
            if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) optimizerState.Add(new NamedTensor(name[OptimizerPrefix.Length..], value));
            else if (name.StartsWith(CarriedPrefix, StringComparison.Ordinal)) carried.Add(new NamedTensor(name[CarriedPrefix.Length..], value));
            else weights.Add(new NamedTensor(name, value));
        }

        string? optimizerKind = m.GetValueOrDefault(Keys.OptimizerKind);
        var hyper = new Dictionary<string, double>(StringComparer.Ordinal);
        if (m.TryGetValue(Keys.OptimizerHyperparameters, out var hyperText))
        {
            try
            {
                using var doc = JsonDocument.Parse(hyperText);
                foreach (var p in doc.RootElement.EnumerateObject()) hyper[p.Name] = p.Value.GetDouble();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw Bad($"metadata '{Keys.OptimizerHyperparameters}' is not a JSON object of numbers ({e.Message}).");
            }
        }

        BatcherState? batcher = null;
        if (m.TryGetValue(Keys.Batcher, out var batcherText))
        {
            var parts = batcherText.Split(',');
            if (parts.Length != 3) throw Bad($"metadata 'batcher' is '{batcherText}'; expected 'next,epoch,iteration'.");
            batcher = new BatcherState((int)Math.Min(int.MaxValue, Long(Keys.Batcher, parts[0])), (int)Math.Min(int.MaxValue, Long(Keys.Batcher, parts[1])), Long(Keys.Batcher, parts[2]));
        }

        if (m.TryGetValue(Keys.Rng, out var rng))
        {
            try
            {
                RngState.Restore(new Rng(0), rng);
            }
            catch (FormatException e)
            {
                throw Bad($"metadata 'rng': {e.Message}");
            }
        }

        return new TrainingCheckpoint
        {
            ModelKind = Required(Keys.ModelKind),
            ConfigJson = config,
            Vocabulary = vocabulary,
            Weights = weights,
            OptimizerKind = optimizerKind,
            OptimizerStep = optimizerKind is null ? 0 : Long(Keys.OptimizerStep, Required(Keys.OptimizerStep)),
            LearningRate = m.TryGetValue(Keys.LearningRate, out var lr) ? Double(Keys.LearningRate, lr) : null,
            OptimizerHyperparameters = hyper,
            OptimizerState = optimizerState,
            CarriedState = carried,
            Step = Long(Keys.Step, Required(Keys.Step)),
            Epoch = (int)Math.Min(int.MaxValue, Long(Keys.Epoch, Required(Keys.Epoch))),
            RandomState = rng,
            Batcher = batcher,
            SmoothedLoss = m.TryGetValue(Keys.SmoothedLoss, out var sl) ? Double(Keys.SmoothedLoss, sl) : null,
            Extra = m.Where(kv => !Keys.All.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Copies the saved weights into <paramref name="destination"/> (e.g. a freshly built model's
    /// <c>NamedTensors()</c>), by name, converting the element type if it differs.</summary>
    /// <exception cref="CheckpointException">A parameter is missing from the checkpoint, has another shape, or
    /// the checkpoint has a weight the model does not.</exception>
    public void RestoreWeights(IReadOnlyList<NamedTensor> destination, string path = "<checkpoint>") =>
        CopyByName(Weights, destination, path, "weight");

    /// <summary>Copies the carried tensors (hidden states) into <paramref name="destination"/> by name.</summary>
    public void RestoreCarriedState(IReadOnlyList<NamedTensor> destination, string path = "<checkpoint>") =>
        CopyByName(CarriedState, destination, path, "carried state tensor");

    /// <summary>Loads the saved optimizer state and step count into <paramref name="optimizer"/> and sets its
    /// learning rate (when saved).</summary>
    /// <exception cref="CheckpointException">No optimizer was saved, it was of another kind, or its state does
    /// not fit the parameters.</exception>
    public void RestoreOptimizer(IOptimizer optimizer, string path = "<checkpoint>")
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (OptimizerKind is null) throw new CheckpointException(path, "holds no optimizer state.");
        if (OptimizerKind != optimizer.Kind)
            throw new CheckpointException(path, $"holds {OptimizerKind} optimizer state; this run uses {optimizer.Kind}.");
        try
        {
            optimizer.LoadState(OptimizerState, OptimizerStep);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(path, $"optimizer state: {e.Message}", e);
        }
        if (LearningRate is double lr) optimizer.LearningRate = lr;
    }

    /// <summary>Refuses a checkpoint whose weights, optimizer state or carried state hold a NaN or an infinity: a
    /// trained model's numbers are finite, so such a file is corrupt (the format itself stores any value, and
    /// <see cref="Load"/> reads it as it is).</summary>
    /// <exception cref="CheckpointException">A tensor holds a non-finite value; the message names it and the index.</exception>
    public void EnsureFinite(string path = "<checkpoint>")
    {
        foreach (var (what, tensors) in new[] { ("weight", Weights), ("optimizer state tensor", OptimizerState), ("carried state tensor", CarriedState) })
        {
            foreach (var t in tensors)
            {
                if (FirstNonFinite(t.Value) is (int index, double value))
                    throw new CheckpointException(path, $"is corrupt: the {what} '{t.Name}' holds {value} at index {index}; a trained model's numbers are finite.");
            }
        }
    }

    /// <summary>Puts <paramref name="rng"/> in the saved state.</summary>
    /// <exception cref="CheckpointException">No Rng state was saved.</exception>
    public void RestoreRng(Rng rng, string path = "<checkpoint>")
    {
        if (RandomState is null) throw new CheckpointException(path, "holds no Rng state.");
        RngState.Restore(rng, RandomState);
    }

    private static void CopyByName(IReadOnlyList<NamedTensor> saved, IReadOnlyList<NamedTensor> destination, string path, string what)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var byName = saved.ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        foreach (var d in destination)
        {
            if (!byName.TryGetValue(d.Name, out var source))
                throw new CheckpointException(path, $"the {what} '{d.Name}' is missing (it has: {string.Join(", ", saved.Select(t => t.Name))}).");
            if (source.Shape != d.Value.Shape)
                throw new CheckpointException(path, $"the {what} '{d.Name}' has shape {source.Shape}; the model expects {d.Value.Shape}.");
        }
        var wanted = destination.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var s in saved)
        {
            if (!wanted.Contains(s.Name)) throw new CheckpointException(path, $"the {what} '{s.Name}' is not in the model.");
        }
        foreach (var d in destination) d.Value.CopyFrom(byName[d.Name]);
    }

    private static (int Index, double Value)? FirstNonFinite(Tensor t)
    {
        if (t.DType == DType.Float32)
        {
            var span = t.Span<float>();
            for (int k = 0; k < span.Length; k++)
            {
                if (!float.IsFinite(span[k])) return (k, span[k]);
            }
        }
        else
        {
            var span = t.Span<double>();
            for (int k = 0; k < span.Length; k++)
            {
                if (!double.IsFinite(span[k])) return (k, span[k]);
            }
        }
        return null;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string NumberObject(IReadOnlyDictionary<string, double> values)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Json.Relaxed))
        {
            w.WriteStartObject();
            foreach (var (k, v) in values)
            {
                w.WritePropertyName(k);
                w.WriteRawValue(Number(v));
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
