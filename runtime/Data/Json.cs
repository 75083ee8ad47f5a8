using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutoGradRnn.Data;

/// <summary>Small JSON helpers over Utf8JsonWriter / JsonDocument (no reflection, so trimming- and AOT-safe).
/// Non-ASCII text is written as is, not as \u escapes, so metadata stays readable.</summary>
internal static class Json
{
    internal static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string StringArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Relaxed))
        {
            w.WriteStartArray();
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <exception cref="FormatException">Not a JSON array of strings.</exception>
    internal static string[] ParseStringArray(string json, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{what} must be a JSON array of strings; got a JSON {doc.RootElement.ValueKind}.");
            var list = new List<string>(doc.RootElement.GetArrayLength());
            int i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                    throw new FormatException($"{what} must be a JSON array of strings; element {i} is a JSON {e.ValueKind}.");
                list.Add(e.GetString()!);
                i++;
            }
            return list.ToArray();
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} must be a JSON array of strings; the text is not valid JSON ({e.Message}).", e);
        }
    }
}
