using AutoGradRnn.Data;
using AutoGradRnn.Models.App;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Tests.App;

/// <summary>Generation writes the text as it draws it, a line or <see cref="Generation.Chunk"/> characters at a time, so
/// `sample --length` with a large length shows at once and is never held whole; the text is the same as drawn whole.</summary>
public class GenerationTests
{
    private sealed class CountingWriter : StringWriter
    {
        public List<int> Lengths { get; } = [];

        public override void Write(string? value)
        {
            Lengths.Add(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(System.Text.StringBuilder? value)
        {
            Lengths.Add(value?.Length ?? 0);
            base.Write(value);
        }
    }

    [Theory]
    [InlineData("abcdefgh", 1000)]
    [InlineData("ab\ncd\nef", 300)]
    public void The_text_is_written_in_pieces_as_it_is_drawn(string corpus, int length)
    {
        var vocabulary = Vocabulary.FromText(corpus);
        CharLanguageModel Model() => CellCatalog.BuiltIn().Find("lstm")!.Create(new CharLmConfig(vocabulary.Count, 3, 5), DType.Float32, new Rng(2));
        string whole = Generation.Generate(Model(), vocabulary, Model().NewState(1), [0, 1], length, 1.0, new Rng(9));

        using var writer = new CountingWriter();
        var model = Model();
        Generation.Generate(model, vocabulary, model.NewState(1), [0, 1], length, 1.0, new Rng(9), writer);
        Assert.Equal(whole, writer.ToString());
        Assert.Equal(length, whole.Length);
        Assert.True(writer.Lengths.Count >= length / Generation.Chunk, $"{writer.Lengths.Count} writes for {length} characters");
        Assert.All(writer.Lengths, n => Assert.InRange(n, 0, Generation.Chunk));
    }
}
