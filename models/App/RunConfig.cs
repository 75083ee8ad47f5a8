using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AutoGradRnn.Models.App;

/// <summary>
/// The configuration of a training run, as the <c>config</c> metadata of its checkpoint holds it (a JSON object):
/// what a resumed run, <c>sample</c> and readers of the checkpoint need to rebuild the model and continue.
/// </summary>
public sealed record RunConfig
{
    public required string Model { get; init; }
    public required int Vocabulary { get; init; }
    public required int Embedding { get; init; }
    public required int Hidden { get; init; }
    /// <summary>Recurrent layers (1 in checkpoints written before the option existed).</summary>
    public int Layers { get; init; } = 1;
    public required int Seq { get; init; }
    public required int Batch { get; init; }
    public required string Optimizer { get; init; }
    public required double LearningRate { get; init; }
    /// <summary>Element-wise clip limit; 0 when off.</summary>
    public required double Clip { get; init; }
    /// <summary>Global-norm clip limit; 0 when off (it replaces element-wise clipping when set).</summary>
    public required double ClipNorm { get; init; }
    public required ulong Seed { get; init; }
    public required string Data { get; init; }
    /// <summary>What a window's gradient is of: <c>sum</c> (the course) or <c>mean</c> (per character).</summary>
    public string Loss { get; init; } = "sum";
    /// <summary>The learning-rate factor per epoch after <see cref="LrDecayAfter"/>; 1 when the rate is constant.</summary>
    public double LrDecay { get; init; } = 1;
    /// <summary>Epochs at the initial rate before <see cref="LrDecay"/> applies.</summary>
    public int LrDecayAfter { get; init; }
    /// <summary>The SHA-256 of the training text (lower-case hex), so a resume on other text is refused; null in
    /// checkpoints written before it was kept.</summary>
    public string? DataSha256 { get; init; }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteNumber("vocabulary", Vocabulary);
            w.WriteNumber("embedding", Embedding);
            w.WriteNumber("hidden", Hidden);
            w.WriteNumber("layers", Layers);
            w.WriteNumber("seq", Seq);
            w.WriteNumber("batch", Batch);
            w.WriteString("optimizer", Optimizer);
            w.WriteString("lr", LearningRate.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("clip", Clip.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("clip_norm", ClipNorm.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("seed", Seed.ToString(CultureInfo.InvariantCulture));
            w.WriteString("data", Data);
            w.WriteString("loss", Loss);
            w.WriteString("lr_decay", LrDecay.ToString("R", CultureInfo.InvariantCulture));
            w.WriteNumber("lr_decay_after", LrDecayAfter);
            if (DataSha256 is not null) w.WriteString("data_sha256", DataSha256);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">Not such an object; the message names the key.</exception>
    public static RunConfig FromJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var o = doc.RootElement;
            string S(string key) => o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new FormatException($"config key '{key}' is missing or not a string");
            int I(string key) => o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
                : throw new FormatException($"config key '{key}' is missing or not an integer");
            double D(string key) => double.TryParse(S(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                : throw new FormatException($"config key '{key}' is not a number");
            return new RunConfig
            {
                Model = S("model"), Vocabulary = I("vocabulary"), Embedding = I("embedding"), Hidden = I("hidden"),
                Seq = I("seq"), Batch = I("batch"), Optimizer = S("optimizer"), LearningRate = D("lr"), Clip = D("clip"),
                ClipNorm = D("clip_norm"),
                Seed = ulong.TryParse(S("seed"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed
                    : throw new FormatException("config key 'seed' is not an unsigned integer"),
                Data = S("data"),
                // Keys added after the first checkpoints were written: absent means the behaviour of that time.
                Loss = o.TryGetProperty("loss", out _) ? S("loss") : "sum",
                LrDecay = o.TryGetProperty("lr_decay", out _) ? D("lr_decay") : 1,
                LrDecayAfter = o.TryGetProperty("lr_decay_after", out _) ? I("lr_decay_after") : 0,
                DataSha256 = o.TryGetProperty("data_sha256", out _) ? S("data_sha256") : null,
                Layers = o.TryGetProperty("layers", out _) ? I("layers") : 1,
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"config is not a JSON object: {e.Message}", e);
        }
    }
}
