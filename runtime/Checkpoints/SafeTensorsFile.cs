using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutoGradRnn.Checkpoints;

/// <summary>An int64 tensor (safetensors dtype <c>I64</c>), row-major, of any rank.</summary>
public sealed record NamedInt64Tensor(string Name, long[] Values, int[] Shape);

/// <summary>The content of a safetensors file: float tensors (F32/F64), int64 tensors (I64), and string metadata.</summary>
public sealed class SafeTensorsContent
{
    /// <summary>The F32 and F64 tensors, in file order.</summary>
    public List<NamedTensor> Tensors { get; } = [];

    /// <summary>The I64 tensors, in file order.</summary>
    public List<NamedInt64Tensor> Int64Tensors { get; } = [];

    /// <summary>The <c>__metadata__</c> map.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The float tensor named <paramref name="name"/>, or null.</summary>
    public Tensor? Find(string name)
    {
        foreach (var t in Tensors)
        {
            if (t.Name == name) return t.Value;
        }
        return null;
    }
}

/// <summary>
/// Reads and writes the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
/// header length N, N bytes of UTF-8 JSON <c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, …,
/// "__metadata__": {string: string}}</c> padded with spaces to a multiple of 8, then the little-endian data,
/// every byte of it belonging to exactly one tensor. Files written here load with
/// <c>safetensors.torch.load_file</c>; the reader checks everything the reference implementation checks.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>The largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically (temp file, flush, rename).</summary>
    /// <exception cref="CheckpointException">The content is invalid or the file cannot be written; an existing
    /// file at <paramref name="path"/> is then unchanged.</exception>
    public static void Write(string path, SafeTensorsContent content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        byte[] header;
        try
        {
            header = Header(content);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(path, e.Message, e);
        }
        try
        {
            AtomicFile.Write(path, stream => WriteBody(stream, header, content));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"could not be written ({e.Message}); any previous file there is unchanged.", e);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="stream"/> (not atomic by itself).</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, or an int64 tensor's shape does not fit its values.</exception>
    public static void Write(Stream stream, SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(content);
        WriteBody(stream, Header(content), content);
    }

    /// <summary>The whole file as bytes.</summary>
    public static byte[] Serialize(SafeTensorsContent content)
    {
        using var ms = new MemoryStream();
        Write(ms, content);
        return ms.ToArray();
    }

    private static void WriteBody(Stream stream, byte[] header, SafeTensorsContent content)
    {
        CheckEndianness();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var t in content.Tensors)
        {
            if (t.Value.DType == DType.Float32) stream.Write(MemoryMarshal.AsBytes(t.Value.Span<float>()));
            else stream.Write(MemoryMarshal.AsBytes(t.Value.Span<double>()));
        }
        foreach (var t in content.Int64Tensors) stream.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()));
    }

    private static byte[] Header(SafeTensorsContent content)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void CheckName(string name)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A tensor has an empty name.");
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved; it cannot name a tensor.");
            if (!names.Add(name)) throw new ArgumentException($"Two tensors are named '{name}'.");
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (content.Metadata.Count > 0)
            {
                w.WriteStartObject("__metadata__");
                foreach (var (key, value) in content.Metadata)
                {
                    if (value is null) throw new ArgumentException($"Metadata '{key}' is null; metadata values are strings.");
                    w.WriteString(key, value);
                }
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in content.Tensors)
            {
                CheckName(t.Name);
                if (t.Value is null) throw new ArgumentException($"Tensor '{t.Name}' is null.");
                long bytes = (long)t.Value.Length * (t.Value.DType == DType.Float32 ? 4 : 8);
                WriteEntry(w, t.Name, t.Value.DType == DType.Float32 ? "F32" : "F64", t.Value.Shape.ToArray(), offset, offset + bytes);
                offset += bytes;
            }
            foreach (var t in content.Int64Tensors)
            {
                CheckName(t.Name);
                long count = 1;
                foreach (int d in t.Shape)
                {
                    if (d < 0) throw new ArgumentException($"Int64 tensor '{t.Name}' has a negative dimension.");
                    count *= d;
                }
                if (count != t.Values.Length) throw new ArgumentException($"Int64 tensor '{t.Name}' has {t.Values.Length} values but shape [{string.Join(", ", t.Shape)}].");
                long bytes = t.Values.Length * 8L;
                WriteEntry(w, t.Name, "I64", t.Shape, offset, offset + bytes);
                offset += bytes;
            }
            w.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteEntry(Utf8JsonWriter w, string name, string dtype, int[] shape, long begin, long end)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteStartArray("shape");
        foreach (int d in shape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data_offsets");
        w.WriteNumberValue(begin);
        w.WriteNumberValue(end);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private sealed record HeaderEntry(string Name, string DType, int[] Shape, long Begin, long End);

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <exception cref="CheckpointException">The file is missing, truncated, or malformed: the message says how.</exception>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckEndianness();
        if (Directory.Exists(path)) throw new CheckpointException(path, "is a directory, not a checkpoint file.");
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Read(path, handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot be read ({e.Message}).", e);
        }
    }

    private static SafeTensorsContent Read(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        CheckpointException Bad(string problem) => new(path, problem);

        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
            throw Bad($"is truncated: {fileLength} bytes, fewer than the 8-byte header length that starts a safetensors file.");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0);
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > (ulong)(fileLength - 8))
            throw Bad($"declares a header of {declared} bytes but only {fileLength - 8} bytes follow the length: the file is truncated or not a safetensors file.");
        if (declared > MaxHeaderLength)
            throw Bad($"declares a header of {declared} bytes, more than the {MaxHeaderLength}-byte limit.");
        int headerLength = (int)declared;
        var headerBytes = new byte[headerLength];
        ReadExactly(handle, headerBytes, 8);
        long dataStart = 8 + headerLength;
        long dataLength = fileLength - dataStart;

        string headerText;
        try
        {
            headerText = new UTF8Encoding(false, true).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad("the header is not valid UTF-8.");
        }
        if (!headerText.StartsWith('{')) throw Bad("the header is not a JSON object (it must start with '{').");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(headerText);
        }
        catch (JsonException e)
        {
            throw Bad($"the header is not valid JSON ({e.Message}).");
        }

        var content = new SafeTensorsContent();
        var entries = new List<HeaderEntry>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw Bad($"the header names '{property.Name}' twice.");
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Bad("'__metadata__' is not a JSON object of strings.");
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata '{m.Name}' is a JSON {m.Value.ValueKind}; metadata values must be strings.");
                        if (!content.Metadata.TryAdd(m.Name, m.Value.GetString()!)) throw Bad($"metadata '{m.Name}' appears twice.");
                    }
                    continue;
                }
                entries.Add(ParseEntry(property, Bad));
            }
        }

        // Every data byte belongs to exactly one tensor: sorted by offsets they must tile [0, dataLength).
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        HeaderEntry? previous = null;
        foreach (var e in entries)
        {
            if (e.End > dataLength)
                throw Bad($"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] past the end of the data ({dataLength} bytes): the file is truncated or the offsets are wrong.");
            if (e.Begin < expected)
                throw Bad($"tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) overlaps tensor '{previous!.Name}' ([{previous.Begin}, {previous.End}]).");
            if (e.Begin > expected)
                throw Bad($"the data bytes [{expected}, {e.Begin}) before tensor '{e.Name}' belong to no tensor.");
            expected = e.End;
            previous = e;
        }
        if (expected != dataLength)
            throw Bad($"the last {dataLength - expected} of the {dataLength} data bytes belong to no tensor (trailing bytes, or a tensor missing from the header).");

        foreach (var e in entries)
        {
            if (e.DType == "I64")
            {
                var values = new long[(e.End - e.Begin) / 8];
                ReadExactly(handle, MemoryMarshal.AsBytes(values.AsSpan()), dataStart + e.Begin);
                content.Int64Tensors.Add(new NamedInt64Tensor(e.Name, values, e.Shape));
                continue;
            }
            if (e.Shape.Length > Shape.MaxRank)
                throw Bad($"tensor '{e.Name}' has rank {e.Shape.Length}; tensors here have rank 0 to {Shape.MaxRank}.");
            var tensor = Tensor.Zeros(e.DType == "F32" ? DType.Float32 : DType.Float64, e.Shape);
            var bytes = tensor.DType == DType.Float32 ? MemoryMarshal.AsBytes(tensor.Span<float>()) : MemoryMarshal.AsBytes(tensor.Span<double>());
            ReadExactly(handle, bytes, dataStart + e.Begin);
            content.Tensors.Add(new NamedTensor(e.Name, tensor));
        }
        return content;
    }

    private static HeaderEntry ParseEntry(JsonProperty property, Func<string, CheckpointException> bad)
    {
        string name = property.Name;
        var v = property.Value;
        if (v.ValueKind != JsonValueKind.Object) throw bad($"the header entry '{name}' is a JSON {v.ValueKind}, not a tensor description.");
        if (!v.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw bad($"tensor '{name}' has no \"dtype\" string.");
        string dtype = dtypeElement.GetString()!;
        int elementSize = dtype switch
        {
            "F32" => 4,
            "F64" => 8,
            "I64" => 8,
            _ => throw bad($"tensor '{name}' has dtype '{dtype}'; this reader supports F32, F64 and I64."),
        };
        if (!v.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw bad($"tensor '{name}' has no \"shape\" array.");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int axis = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw bad($"tensor '{name}' has shape {shapeElement.GetRawText()}; dimensions must be non-negative integers below 2^31.");
            shape[axis++] = dim;
            count *= dim;
            if (count > int.MaxValue) throw bad($"tensor '{name}' has shape {shapeElement.GetRawText()}, more than {int.MaxValue} elements.");
        }
        if (!v.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw bad($"tensor '{name}' has no \"data_offsets\" pair [begin, end].");
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < 0)
            throw bad($"tensor '{name}' has data_offsets {offsets.GetRawText()}; they must be non-negative integers.");
        if (end < begin) throw bad($"tensor '{name}' has data_offsets [{begin}, {end}], which end before they begin.");
        long needed = count * elementSize;
        if (end - begin != needed)
            throw bad($"tensor '{name}' is {dtype} of shape [{string.Join(", ", shape)}], which needs {needed} bytes, but its data_offsets [{begin}, {end}] span {end - begin}.");
        return new HeaderEntry(name, dtype, shape, begin, end);
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0) throw new EndOfStreamException($"Unexpected end of file at offset {offset.ToString(CultureInfo.InvariantCulture)}.");
            destination = destination[read..];
            offset += read;
        }
    }

    private static void CheckEndianness()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this reader and writer run on little-endian machines only.");
    }
}
