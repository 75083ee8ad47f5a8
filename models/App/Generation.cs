using System.Text;
using AutoGradRnn.Data;
using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Sampling;

namespace AutoGradRnn.Models.App;

/// <summary>Text generation from a model, one token at a time, as <c>train</c> (the course's periodic samples) and
/// <c>sample</c> do it.</summary>
public static class Generation
{
    /// <summary>Feeds <paramref name="primer"/> (at least one token) through the model from <paramref name="state"/>
    /// (batch 1, changed in place), then draws <paramref name="length"/> tokens at <paramref name="temperature"/>,
    /// each fed back in. Returns the drawn text only.</summary>
    public static string Generate(CharLanguageModel model, Vocabulary vocabulary, Tensor[] state, ReadOnlySpan<int> primer,
        int length, double temperature, Rng rng)
    {
        using var text = new StringWriter();
        Generate(model, vocabulary, state, primer, length, temperature, rng, text);
        return text.ToString();
    }

    /// <summary><see cref="Generate(CharLanguageModel, Vocabulary, Tensor[], ReadOnlySpan{int}, int, double, Rng)"/>,
    /// writing the drawn text to <paramref name="output"/> as it is drawn, a line (or <see cref="Chunk"/> characters) at
    /// a time: a long sample shows at once and is never held in memory whole.</summary>
    public static void Generate(CharLanguageModel model, Vocabulary vocabulary, Tensor[] state, ReadOnlySpan<int> primer,
        int length, double temperature, Rng rng, TextWriter output)
    {
        var input = new int[1];
        for (int i = 0; i < primer.Length - 1; i++)
        {
            input[0] = primer[i];
            model.Step(input, state);
        }
        input[0] = primer[^1];
        var pending = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            var logits = model.Step(input, state);
            int id = Sampler.Sample(logits, temperature, rng);
            string token = vocabulary[id];
            pending.Append(token);
            if (pending.Length >= Chunk || token.Contains('\n', StringComparison.Ordinal))
            {
                output.Write(pending);
                pending.Clear();
            }
            input[0] = id;
        }
        output.Write(pending);
    }

    /// <summary>The most characters drawn before they are written, when no line ends first.</summary>
    public const int Chunk = 256;

    /// <summary>A batch-1 copy of row <paramref name="row"/> of each [B, H] state tensor.</summary>
    public static Tensor[] Row(Tensor[] state, int row)
    {
        var copy = new Tensor[state.Length];
        for (int s = 0; s < state.Length; s++)
        {
            int h = state[s].Shape.Last;
            copy[s] = Tensor.Zeros(state[s].DType, 1, h);
            for (int j = 0; j < h; j++) copy[s].SetAt(j, state[s].GetAt(row * h + j));
        }
        return copy;
    }
}
