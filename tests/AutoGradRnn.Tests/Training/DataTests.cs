using System.Text;
using AutoGradRnn.Data;

namespace AutoGradRnn.Tests.Training;

public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agr-train-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public class VocabularyTests
{
    [Fact]
    public void Characters_are_sorted_by_code_point_and_round_trip()
    {
        const string text = "hello, wörld 🙂\n";
        var vocab = Vocabulary.FromText(text);

        Assert.Equal(new[] { "\n", " ", ",", "d", "e", "h", "l", "o", "r", "w", "ö", "🙂" }, vocab.Tokens);
        Assert.Equal(VocabularyKind.Characters, vocab.Kind);
        Assert.Equal(7, vocab.IndexOf("o"));
        Assert.Equal(-1, vocab.IndexOf("z"));
        var ids = vocab.Encode(text);
        Assert.Equal(15, ids.Length); // the emoji is one token
        Assert.Equal(text, vocab.Decode(ids));

        var again = Vocabulary.FromList(vocab.ToList(), VocabularyKind.Characters);
        Assert.Equal(vocab.Tokens, again.Tokens);
        var json = vocab.ToJson();
        Assert.Contains("\"ö\"", json);
        Assert.Equal(vocab.Tokens, Vocabulary.FromJson(json, VocabularyKind.Characters).Tokens);
    }

    [Fact]
    public void Words_keep_first_appearance_order_and_map_unknowns()
    {
        var corpus = TextCorpus.FromText(" the cat <unk> \n the dog \n");
        var words = corpus.Words();
        Assert.Equal(new[] { "the", "cat", "<unk>", "<eos>", "the", "dog", "<eos>" }, words);

        var vocab = Vocabulary.FromWords(words);
        Assert.Equal(new[] { "the", "cat", "<unk>", "<eos>", "dog" }, vocab.Tokens);
        Assert.Equal(new[] { 0, 2, 4 }, vocab.EncodeWords(["the", "bird", "dog"], "<unk>"));
        Assert.Equal("the <unk> dog", vocab.Decode([0, 2, 4]));
        Assert.Contains("'bird'", Assert.Throws<ArgumentException>(() => vocab.EncodeWords(["bird"])).Message);
        Assert.Equal(vocab.Tokens, Vocabulary.FromJson(vocab.ToJson(), VocabularyKind.Words).Tokens);
        Assert.Contains("\"<eos>\"", vocab.ToJson());
    }

    [Fact]
    public void Bad_vocabularies_are_refused()
    {
        var vocab = Vocabulary.FromText("ab");
        Assert.Contains("'c' (U+0063) at position 2", Assert.Throws<ArgumentException>(() => vocab.Encode("abc")).Message);
        Assert.Throws<ArgumentException>(() => Vocabulary.FromList(["a", "a"], VocabularyKind.Characters));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromList(["ab"], VocabularyKind.Characters));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromList(["a b"], VocabularyKind.Words));
        Assert.Throws<FormatException>(() => Vocabulary.FromJson("{\"a\":1}", VocabularyKind.Characters));
        Assert.Throws<FormatException>(() => Vocabulary.FromJson("[\"a\", 1]", VocabularyKind.Characters));
        Assert.Throws<FormatException>(() => Vocabulary.FromJson("[\"a\"", VocabularyKind.Characters));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocab[2]);
    }
}

public class TextCorpusTests
{
    [Fact]
    public void A_text_file_loads_without_its_byte_order_mark()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("ok.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Wörter\tund\r\nZeilen\n")]);

        var corpus = TextCorpus.Load(path);

        Assert.Equal("Wörter\tund\r\nZeilen\n", corpus.Text);
        Assert.Equal(path, corpus.Path);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nope.txt");
        var e = Assert.Throws<DataException>(() => TextCorpus.Load(path));
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void A_directory_is_not_a_corpus()
    {
        using var dir = new TempDirectory();
        Assert.Contains("is a directory", Assert.Throws<DataException>(() => TextCorpus.Load(dir.Path)).Message);
    }

    [Theory]
    [InlineData(new byte[0], "is empty")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "only a byte-order mark")]
    [InlineData(new byte[] { 0x61, 0x62, 0x00, 0x63 }, "NUL byte at offset 2")]
    [InlineData(new byte[] { 0x61, 0x01, 0x02, 0x03, 0x1B, 0x62, 0x63, 0x64 }, "control characters")]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xC3, 0x28, 0x64 }, "not valid UTF-8 (the first invalid byte is at offset 3)")]
    [InlineData(new byte[] { 0x61, 0x62, 0xED, 0xA0, 0x80 }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x61, 0x62, 0xE2, 0x82 }, "not valid UTF-8 (the first invalid byte is at offset 2)")]
    public void Bad_content_is_refused_with_what_was_expected(byte[] content, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.bin", content);

        var e = Assert.Throws<DataException>(() => TextCorpus.Load(path));

        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("expected", e.Message);
    }

    [Fact]
    public void The_split_is_the_first_ninety_and_last_ten_percent()
    {
        var tokens = Enumerable.Range(0, 105).ToArray();
        var split = DataSplit.Create(tokens);
        Assert.Equal(94, split.Train.Length);
        Assert.Equal(Enumerable.Range(94, 11), split.Validation);

        var custom = DataSplit.Create(tokens, 0.5);
        Assert.Equal(52, custom.Train.Length);
        Assert.Empty(DataSplit.Create(tokens, 1.0).Validation);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Create(tokens, 0));
        Assert.Contains("the training part, holds none", Assert.Throws<DataException>(() => DataSplit.Create([1, 2], 0.1, "two.txt")).Message);
    }
}

public class SequenceBatcherTests
{
    /// <summary>The course's loop (min-char-rnn / elman-rnn.py), transcribed: reset when
    /// p + seq_length + 1 ≥ len(data) or n == 0, window data[p:p+S], targets data[p+1:p+S+1], p += S.</summary>
    private static IEnumerable<(bool Reset, int P, int[] Inputs, int[] Targets)> CourseLoop(int[] data, int seqLength, int iterations)
    {
        int p = 0;
        for (int n = 0; n < iterations; n++)
        {
            bool reset = false;
            if (p + seqLength + 1 >= data.Length || n == 0)
            {
                reset = true;
                p = 0;
            }
            yield return (reset, p, data[p..(p + seqLength)], data[(p + 1)..(p + seqLength + 1)]);
            p += seqLength;
        }
    }

    [Theory]
    [InlineData(23, 5)]
    [InlineData(21, 5)]
    [InlineData(7, 5)]
    [InlineData(100, 25)]
    public void Batch_one_reproduces_the_course(int length, int seqLength)
    {
        var data = Enumerable.Range(0, length).Select(i => (i * 7) % 13).ToArray();
        var batcher = new SequenceBatcher(data, 1, seqLength);

        int epoch = 0;
        foreach (var (reset, p, inputs, targets) in CourseLoop(data, seqLength, 40))
        {
            batcher.Next();
            if (reset && batcher.Iteration > 1) epoch++;
            Assert.Equal(reset, batcher.ResetState);
            Assert.Equal(p, batcher.Position);
            Assert.Equal(inputs, batcher.Inputs.ToArray());
            Assert.Equal(targets, batcher.Targets.ToArray());
            Assert.Equal(epoch, batcher.Epoch);
        }
    }

    [Fact]
    public void Streams_start_at_b_times_len_over_B_and_advance_together()
    {
        var data = Enumerable.Range(0, 50).ToArray();
        var batcher = new SequenceBatcher(data, 3, 4);
        Assert.Equal(16, batcher.StreamLength);
        Assert.Equal(3, batcher.WindowsPerEpoch); // p = 0, 4, 8; 12 + 4 + 1 ≥ 16 wraps

        batcher.Next();
        Assert.True(batcher.ResetState);
        Assert.Equal(new[] { 0, 1, 2, 3, 16, 17, 18, 19, 32, 33, 34, 35 }, batcher.Inputs.ToArray());
        Assert.Equal(new[] { 17, 18, 19, 20 }, batcher.TargetsOf(1).ToArray());

        batcher.Next();
        Assert.False(batcher.ResetState);
        Assert.Equal(new[] { 36, 37, 38, 39 }, batcher.InputsOf(2).ToArray());
        Assert.Equal(new[] { 37, 38, 39, 40 }, batcher.TargetsOf(2).ToArray());

        batcher.Next();
        Assert.Equal(8, batcher.Position);
        Assert.True(batcher.IsLastWindowOfEpoch);
        Assert.Equal(1.0, batcher.EpochProgress);

        batcher.Next();
        Assert.True(batcher.ResetState);
        Assert.Equal(0, batcher.Position);
        Assert.Equal(1, batcher.Epoch);

        var inputs = new int[12];
        var targets = new int[12];
        batcher.CopyTimeMajor(inputs, targets);
        Assert.Equal(new[] { 0, 16, 32, 1, 17, 33, 2, 18, 34, 3, 19, 35 }, inputs);
        Assert.Equal(new[] { 1, 17, 33 }, targets[..3]);
    }

    [Fact]
    public void Windows_per_epoch_counts_the_windows_of_a_pass()
    {
        foreach (var (length, seq) in new[] { (7, 5), (23, 5), (22, 5), (21, 5), (1000, 25), (1002, 25) })
        {
            var batcher = new SequenceBatcher(new int[length], 1, seq);
            int windows = 0;
            do
            {
                batcher.Next();
                windows++;
            }
            while (!batcher.IsLastWindowOfEpoch);
            Assert.Equal(windows, batcher.WindowsPerEpoch);
            batcher.Next();
            Assert.True(batcher.ResetState);
        }
    }

    [Fact]
    public void A_corpus_shorter_than_a_window_is_a_clear_error()
    {
        var one = Assert.Throws<DataException>(() => new SequenceBatcher(new int[26], 1, 25, "tiny.txt"));
        Assert.Contains("tiny.txt", one.Message);
        Assert.Contains("needs at least 27", one.Message);
        _ = new SequenceBatcher(new int[27], 1, 25);

        var batched = Assert.Throws<DataException>(() => new SequenceBatcher(new int[100], 20, 20, "valid"));
        Assert.Contains("20 streams that is 5 each", batched.Message);
    }

    [Fact]
    public void A_restored_batcher_continues_with_the_next_window()
    {
        var data = Enumerable.Range(0, 200).ToArray();
        var a = new SequenceBatcher(data, 2, 7);
        for (int i = 0; i < 17; i++) a.Next();
        var saved = a.State;

        var b = new SequenceBatcher(data, 2, 7);
        b.Restore(saved);
        for (int i = 0; i < 20; i++)
        {
            a.Next();
            b.Next();
            Assert.Equal(a.Inputs.ToArray(), b.Inputs.ToArray());
            Assert.Equal(a.ResetState, b.ResetState);
            Assert.Equal(a.Epoch, b.Epoch);
            Assert.Equal(a.Iteration, b.Iteration);
        }
        Assert.Throws<ArgumentException>(() => b.Restore(new BatcherState(3, 0, 0)));
    }

    [Fact]
    public void Next_allocates_nothing()
    {
        var batcher = new SequenceBatcher(new int[1000], 4, 25);
        for (int i = 0; i < 20; i++) batcher.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) batcher.Next();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
