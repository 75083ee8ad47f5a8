using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Data;
using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

public class CheckpointTests
{
    private static byte[] Bytes(Tensor t) => t.DType == DType.Float32
        ? MemoryMarshal.AsBytes(t.Span<float>()).ToArray()
        : MemoryMarshal.AsBytes(t.Span<double>()).ToArray();

    private static NamedTensor[] Weights(DType dtype, ulong seed = 1)
    {
        var rng = new Rng(seed);
        var w = Init.Normal(rng, dtype, 0, 1, 4, 3);
        // Values that a lossy text round trip would change: signed zero, subnormal, infinities, NaN.
        w.SetAt(0, -0.0);
        w.SetAt(1, dtype == DType.Float32 ? float.Epsilon : double.Epsilon);
        w.SetAt(2, double.PositiveInfinity);
        w.SetAt(3, double.NaN);
        return [new("Wxh", w), new("bh", Init.Normal(rng, dtype, 0, 1, 4)), new("s", Tensor.Scalar(dtype, Math.PI))];
    }

    private static TrainingCheckpoint Sample(DType dtype, out Adam adam)
    {
        var weights = Weights(dtype);
        adam = new Adam(2e-3);
        var grads = weights.Select(w => new NamedTensor(w.Name, Tensor.ZerosLike(w.Value))).ToArray();
        foreach (var g in grads) g.Value.Fill(0.25);
        var finite = weights.Select(w => new NamedTensor(w.Name, Tensor.ZerosLike(w.Value))).ToArray();
        adam.Step(finite, grads);
        adam.Step(finite, grads);
        var rng = new Rng(77);
        rng.NextGaussian(); // leaves a spare Gaussian in the state
        return new TrainingCheckpoint
        {
            ModelKind = "lstm",
            ConfigJson = "{\"hidden\": 100, \"seq_length\": 25, \"note\": \"ü\"}",
            Vocabulary = Vocabulary.FromText("ab\ncé🙂"),
            Weights = weights,
            CarriedState = [new NamedTensor("h", Tensor.FromValues(dtype, [0.5, -0.25], 1, 2))],
            Step = 12345,
            Epoch = 3,
            RandomState = RngState.Capture(rng),
            Batcher = new BatcherState(75, 3, 12345),
            SmoothedLoss = 104.36553 / 3,
            Extra = new Dictionary<string, string> { ["run"] = "test" },
        }.WithOptimizer(adam);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void A_checkpoint_round_trips_bit_exactly(DType dtype)
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var saved = Sample(dtype, out var adam);

        saved.Save(path);
        var loaded = TrainingCheckpoint.Load(path);

        Assert.Equal(saved.Weights.Select(w => w.Name), loaded.Weights.Select(w => w.Name));
        for (int i = 0; i < saved.Weights.Count; i++)
        {
            Assert.Equal(saved.Weights[i].Value.DType, loaded.Weights[i].Value.DType);
            Assert.Equal(saved.Weights[i].Value.Shape, loaded.Weights[i].Value.Shape);
            Assert.Equal(Bytes(saved.Weights[i].Value), Bytes(loaded.Weights[i].Value));
        }
        Assert.Equal(new[] { "m.Wxh", "m.bh", "m.s", "v.Wxh", "v.bh", "v.s" }, loaded.OptimizerState.Select(s => s.Name));
        for (int i = 0; i < saved.OptimizerState.Count; i++) Assert.Equal(Bytes(saved.OptimizerState[i].Value), Bytes(loaded.OptimizerState[i].Value));
        Assert.Equal(Bytes(saved.CarriedState[0].Value), Bytes(loaded.CarriedState[0].Value));
        Assert.Equal("h", loaded.CarriedState[0].Name);

        Assert.Equal("lstm", loaded.ModelKind);
        Assert.Equal(saved.ConfigJson, loaded.ConfigJson);
        Assert.Equal(saved.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
        Assert.Equal(VocabularyKind.Characters, loaded.Vocabulary.Kind);
        Assert.Equal(12345, loaded.Step);
        Assert.Equal(3, loaded.Epoch);
        Assert.Equal("adam", loaded.OptimizerKind);
        Assert.Equal(2, loaded.OptimizerStep);
        Assert.Equal(2e-3, loaded.LearningRate);
        Assert.Equal(adam.Hyperparameters.OrderBy(k => k.Key), loaded.OptimizerHyperparameters.OrderBy(k => k.Key));
        Assert.Equal(saved.RandomState, loaded.RandomState);
        Assert.Equal(saved.Batcher, loaded.Batcher);
        Assert.Equal(saved.SmoothedLoss, loaded.SmoothedLoss);
        Assert.Equal("test", loaded.Extra["run"]);
    }

    [Fact]
    public void Restoring_into_a_model_and_optimizer_resumes_a_run_exactly()
    {
        // A toy run: gradients depend on the parameters and on Rng draws, so resuming needs weights, optimizer
        // state, step count and Rng state all restored.
        static void Train(NamedTensor[] p, IOptimizer opt, Rng rng, int steps)
        {
            var g = p.Select(t => new NamedTensor(t.Name, Tensor.ZerosLike(t.Value))).ToArray();
            for (int s = 0; s < steps; s++)
            {
                for (int k = 0; k < p.Length; k++)
                {
                    for (int i = 0; i < p[k].Value.Length; i++) g[k].Value.SetAt(i, p[k].Value.GetAt(i) - 1 + 0.1 * rng.NextGaussian());
                }
                GradientClipping.ClipElementwise(g, 5);
                opt.Step(p, g);
            }
        }

        using var dir = new TempDirectory();
        var path = dir.File("run.safetensors");
        var p = Weights(DType.Float32, 5).Skip(1).ToArray();
        var adam = new Adam(0.01);
        var rng = new Rng(3);
        Train(p, adam, rng, 7);
        new TrainingCheckpoint { ModelKind = "toy", Vocabulary = Vocabulary.FromText("ab"), Weights = p, RandomState = RngState.Capture(rng), Step = 7 }
            .WithOptimizer(adam).Save(path);
        Train(p, adam, rng, 5);

        var loaded = TrainingCheckpoint.Load(path);
        var q = Weights(DType.Float32, 99).Skip(1).ToArray();
        loaded.RestoreWeights(q, path);
        var resumed = new Adam(0.5);
        loaded.RestoreOptimizer(resumed, path);
        var rng2 = new Rng(0);
        loaded.RestoreRng(rng2, path);
        Train(q, resumed, rng2, 5);

        for (int k = 0; k < p.Length; k++) Assert.Equal(Bytes(p[k].Value), Bytes(q[k].Value));
        Assert.Equal(12, resumed.StepCount);
    }

    [Fact]
    public void The_layout_is_the_reference_implementations()
    {
        // The reference serializer's layout for one F32 tensor "attn.0" of shape [1, 2, 3] holding 0..5:
        // a 64-byte header (already a multiple of 8, so unpadded), then the 24 data bytes.
        var content = new SafeTensorsContent();
        content.Tensors.Add(new NamedTensor("attn.0", Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, 1, 2, 3)));
        const string header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)header.Length));
        expected.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (float f in new float[] { 0, 1, 2, 3, 4, 5 }) expected.AddRange(BitConverter.GetBytes(f));

        Assert.Equal(64, header.Length);
        Assert.Equal(expected.ToArray(), SafeTensorsFile.Serialize(content));

        // An empty file: "{}" padded with spaces to 8 bytes.
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32 }, SafeTensorsFile.Serialize(new SafeTensorsContent()));
    }

    [Fact]
    public void Headers_are_padded_to_eight_bytes_and_int64_tensors_round_trip()
    {
        using var dir = new TempDirectory();
        var content = new SafeTensorsContent();
        content.Tensors.Add(new NamedTensor("a", Tensor.FromArray(new double[] { 1, 2 }, 2)));
        content.Int64Tensors.Add(new NamedInt64Tensor("ids", [long.MinValue, -1, 7, long.MaxValue], [2, 2]));
        content.Metadata["k"] = "v";
        var path = dir.File("x.safetensors");
        SafeTensorsFile.Write(path, content);

        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        var back = SafeTensorsFile.Read(path);
        Assert.Equal(new[] { 1.0, 2.0 }, back.Find("a")!.ToDoubleArray());
        var ids = Assert.Single(back.Int64Tensors);
        Assert.Equal(new[] { long.MinValue, -1, 7, long.MaxValue }, ids.Values);
        Assert.Equal(new[] { 2, 2 }, ids.Shape);
        Assert.Equal("v", back.Metadata["k"]);
    }

    /// <summary>A stream that fails after a number of bytes, as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter) throw new IOException("No space left on device (simulated).");
            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public void A_failed_write_leaves_the_old_checkpoint_intact()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var first = Sample(DType.Float32, out _);
        first.Save(path);
        var before = File.ReadAllBytes(path);

        // The tensor data fails to write part-way (after the header and some data).
        var second = Sample(DType.Float64, out _).ToContent(path);
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s => SafeTensorsFile.Write(new FailingStream(s, 900), second)));
        Assert.Equal(before, File.ReadAllBytes(path));

        // Content that cannot be written at all (two tensors with one name) is refused before anything is written.
        var clash = new TrainingCheckpoint
        {
            ModelKind = "lstm", Vocabulary = Vocabulary.FromText("ab"),
            Weights = [new NamedTensor("W", Tensor.Zeros(DType.Float32, 2)), new NamedTensor("W", Tensor.Zeros(DType.Float32, 2))],
        };
        Assert.Contains("Two tensors are named 'W'", Assert.Throws<CheckpointException>(() => clash.Save(path)).Message);
        Assert.Equal(before, File.ReadAllBytes(path));

        // Only the checkpoint is left in the directory: no temporary files.
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
        Assert.Equal(first.Step, TrainingCheckpoint.Load(path).Step);
    }

    [Fact]
    public void An_unwritable_location_is_a_checkpoint_error()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "missing-dir", "model.safetensors");
        var e = Assert.Throws<CheckpointException>(() => Sample(DType.Float32, out _).Save(path));
        Assert.Contains("could not be written", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Rng_state_captures_the_sequence_and_the_spare_gaussian()
    {
        var rng = new Rng(11);
        for (int i = 0; i < 5; i++) rng.NextUInt64();
        rng.NextGaussian();
        var state = RngState.Capture(rng);
        Assert.Matches("^xoshiro256\\*\\*(:[0-9a-f]{16}){5}$", state);

        var copy = new Rng(0);
        RngState.Restore(copy, state);
        Assert.Equal(rng.NextGaussian(), copy.NextGaussian()); // the spare
        Assert.Equal(rng.NextUInt64(), copy.NextUInt64());
        Assert.EndsWith(":-", RngState.Capture(new Rng(1)));

        Assert.Throws<FormatException>(() => RngState.Restore(copy, "xoshiro256**:00"));
        Assert.Throws<FormatException>(() => RngState.Restore(copy, "xoshiro256**:0000000000000000:0000000000000000:0000000000000000:0000000000000000:-"));
    }

    [Fact]
    public void Restoring_into_a_different_model_or_optimizer_is_refused()
    {
        var checkpoint = Sample(DType.Float32, out _);

        var missing = Assert.Throws<CheckpointException>(() => checkpoint.RestoreWeights(
            [new NamedTensor("Wxh", Tensor.Zeros(DType.Float32, 4, 3)), new NamedTensor("Why", Tensor.Zeros(DType.Float32, 3))], "c.st"));
        Assert.Contains("the weight 'Why' is missing", missing.Message);
        Assert.Contains("c.st", missing.Message);
        var shape = Assert.Throws<CheckpointException>(() => checkpoint.RestoreWeights(
            [new NamedTensor("Wxh", Tensor.Zeros(DType.Float32, 3, 4)), new NamedTensor("bh", Tensor.Zeros(DType.Float32, 4)), new NamedTensor("s", Tensor.Scalar(DType.Float32, 0))]));
        Assert.Contains("'Wxh' has shape [4, 3]; the model expects [3, 4]", shape.Message);
        Assert.Contains("'s' is not in the model", Assert.Throws<CheckpointException>(() => checkpoint.RestoreWeights(
            [new NamedTensor("Wxh", Tensor.Zeros(DType.Float32, 4, 3)), new NamedTensor("bh", Tensor.Zeros(DType.Float32, 4))])).Message);
        Assert.Contains("holds adam optimizer state; this run uses adagrad",
            Assert.Throws<CheckpointException>(() => checkpoint.RestoreOptimizer(new Adagrad())).Message);

        // Float64 weights load into a float32 model (converted).
        var f64 = Sample(DType.Float64, out _);
        var into = new[] { new NamedTensor("Wxh", Tensor.Zeros(DType.Float32, 4, 3)), new NamedTensor("bh", Tensor.Zeros(DType.Float32, 4)), new NamedTensor("s", Tensor.Scalar(DType.Float32, 0)) };
        f64.RestoreWeights(into);
        Assert.Equal((float)Math.PI, into[2].Value.Floats[0]);
    }

    // ---- corruption: each kind has its own message ----

    private static byte[] Craft(string header, byte[] data, ulong? declared = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declared ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static CheckpointException Corrupt(byte[] bytes)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.safetensors", bytes);
        var e = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path));
        Assert.Equal(path, e.Path);
        Assert.StartsWith($"Checkpoint '{path}': ", e.Message);
        return e;
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    public static TheoryData<string, byte[], string> Corruptions()
    {
        var data16 = new byte[16];
        return new TheoryData<string, byte[], string>
        {
            { "empty file", [], "is truncated: 0 bytes" },
            { "shorter than the length", [1, 0, 0], "is truncated: 3 bytes" },
            { "header longer than the file", Craft("{}", [], declared: 4096), "declares a header of 4096 bytes but only 2 bytes follow" },
            { "header over the limit", Craft("{}", new byte[8], declared: 1UL << 40), "declares a header of 1099511627776 bytes" },
            { "not JSON", Craft("{\"a\": [1, 2", []), "the header is not valid JSON" },
            { "not an object", Craft("[1, 2, 3]", []), "not a JSON object" },
            { "not UTF-8", Craft("{\"\u00e9\":1}", [])[..^3].Concat(new byte[] { 0xC3, (byte)'"', (byte)'}' }).ToArray(), "not valid UTF-8" },
            { "unknown dtype", Craft("{" + Entry("W", "BF16", "[8]", 0, 16) + "}", data16), "dtype 'BF16'; this reader supports F32, F64 and I64" },
            { "size mismatch", Craft("{" + Entry("W", "F32", "[3]", 0, 16) + "}", data16), "needs 12 bytes, but its data_offsets [0, 16] span 16" },
            { "offsets past the end", Craft("{" + Entry("W", "F64", "[4]", 0, 32) + "}", data16), "past the end of the data (16 bytes)" },
            { "overlapping", Craft("{" + Entry("A", "F32", "[3]", 0, 12) + "," + Entry("B", "F32", "[2]", 8, 16) + "}", data16), "overlaps tensor 'A'" },
            { "gap", Craft("{" + Entry("A", "F32", "[2]", 0, 8) + "," + Entry("B", "F32", "[1]", 12, 16) + "}", data16), "bytes [8, 12) before tensor 'B' belong to no tensor" },
            { "trailing bytes", Craft("{" + Entry("A", "F32", "[2]", 0, 8) + "}", data16), "the last 8 of the 16 data bytes belong to no tensor" },
            { "reversed offsets", Craft("{" + Entry("A", "F32", "[0]", 8, 0) + "}", data16), "end before they begin" },
            { "negative dimension", Craft("{" + Entry("A", "F32", "[-4]", 0, 16) + "}", data16), "dimensions must be non-negative" },
            { "missing offsets", Craft("{\"A\":{\"dtype\":\"F32\",\"shape\":[4]}}", data16), "no \"data_offsets\" pair" },
            { "duplicate names", Craft("{" + Entry("A", "F32", "[2]", 0, 8) + "," + Entry("A", "F32", "[2]", 8, 16) + "}", data16), "names 'A' twice" },
            { "metadata not strings", Craft("{\"__metadata__\":{\"step\":5}}", []), "metadata 'step' is a JSON Number" },
            { "rank 4", Craft("{" + Entry("A", "F32", "[1,1,2,2]", 0, 16) + "}", data16), "rank 4" },
            { "not ours", Craft("{\"__metadata__\":{\"format\":\"pt\"}," + Entry("A", "F32", "[4]", 0, 16) + "}", data16), "not an AutoGradRnn checkpoint" },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Each_corruption_has_its_message(string what, byte[] bytes, string problem)
    {
        var e = Corrupt(bytes);
        Assert.True(e.Problem.Contains(problem, StringComparison.Ordinal), $"{what}: '{e.Problem}' should contain '{problem}'");
    }

    [Fact]
    public void A_truncated_checkpoint_is_reported_as_truncated()
    {
        var bytes = SafeTensorsFile.Serialize(Sample(DType.Float32, out _).ToContent());
        var e = Corrupt(bytes[..^5]);
        Assert.Contains("past the end of the data", e.Problem);
        Assert.Contains("truncated", e.Problem);
    }

    [Fact]
    public void A_tensor_listed_in_the_metadata_but_absent_is_missing()
    {
        var content = Sample(DType.Float32, out _).ToContent();
        content.Tensors.RemoveAll(t => t.Name == "optim.v.bh");
        var e = Corrupt(SafeTensorsFile.Serialize(content));
        Assert.Contains("tensor 'optim.v.bh' is listed in the metadata but missing from the file", e.Problem);
    }

    [Fact]
    public void Newer_versions_and_bad_metadata_are_refused()
    {
        var content = Sample(DType.Float32, out _).ToContent();
        content.Metadata["format_version"] = "2";
        Assert.Contains("format version 2 is not supported", Corrupt(SafeTensorsFile.Serialize(content)).Problem);

        content = Sample(DType.Float32, out _).ToContent();
        content.Metadata.Remove("model_kind");
        Assert.Contains("the metadata has no 'model_kind'", Corrupt(SafeTensorsFile.Serialize(content)).Problem);

        content = Sample(DType.Float32, out _).ToContent();
        content.Metadata["step"] = "twelve";
        Assert.Contains("metadata 'step' is 'twelve'", Corrupt(SafeTensorsFile.Serialize(content)).Problem);

        content = Sample(DType.Float32, out _).ToContent();
        content.Metadata["vocabulary"] = "[\"a\", \"a\"]";
        Assert.Contains("metadata 'vocabulary'", Corrupt(SafeTensorsFile.Serialize(content)).Problem);
    }

    [Fact]
    public void A_missing_checkpoint_file_is_named()
    {
        using var dir = new TempDirectory();
        var path = dir.File("none.safetensors");
        Assert.Contains("file not found", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path)).Message);
    }
}
