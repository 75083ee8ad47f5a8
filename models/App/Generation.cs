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
        var input = new int[1];
        for (int i = 0; i < primer.Length - 1; i++)
        {
            input[0] = primer[i];
            model.Step(input, state);
        }
        input[0] = primer[^1];
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            var logits = model.Step(input, state);
            int id = Sampler.Sample(logits, temperature, rng);
            text.Append(vocabulary[id]);
            input[0] = id;
        }
        return text.ToString();
    }

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
