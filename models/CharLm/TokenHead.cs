using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Models.CharLm;

/// <summary>The token side of a language model, around any recurrent stack: the embedding table and the output
/// layer (names as checkpoints store them).</summary>
[Parameters]
public sealed partial class TokenHead
{
    /// <summary>Embedding table [V, E].</summary>
    public Tensor Emb = null!;
    /// <summary>Output weights [V, H].</summary>
    public Tensor Why = null!;
    /// <summary>Output biases [V].</summary>
    public Tensor By = null!;

    /// <summary>A head of <paramref name="outputs"/> outputs and the weights of every layer of <paramref name="stack"/>,
    /// with PyTorch's defaults (Emb ~ N(0, 1); the cells' own; Why, By ~ U(±1/√H)), drawn in the order Emb, the layers,
    /// Why, By.</summary>
    public static (TokenHead Head, IParameters[] Layers) Draw(RecurrentStack stack, int vocabulary, int embedding, int hidden, int outputs, DType dtype, Rng rng)
    {
        var emb = CharLmInit.Embedding(rng, dtype, vocabulary, embedding);
        var layers = stack.Initialize(embedding, hidden, dtype, rng);
        var head = new TokenHead
        {
            Emb = emb,
            Why = CharLmInit.Uniform(rng, dtype, hidden, outputs, hidden),
            By = CharLmInit.Uniform(rng, dtype, hidden, outputs),
        };
        return (head, layers);
    }
}

/// <summary>
/// A token language model's two ends, each over all T·B rows of a window at once (the recurrence runs between them):
/// <code>
/// x = Emb[ids]                      (one embedding row per token)
/// logits = Why·h + By;              loss = mean over rows of CE(logits, target)
/// </code>
/// </summary>
public static partial class TokenLm
{
    /// <summary>The embedding rows [N, E] of <paramref name="ids"/>.</summary>
    [Differentiable]
    public static Tensor Embed(TokenHead p, int[] ids)
    {
        var x = Embedding(p.Emb, ids);
        return x;
    }

    /// <summary>The mean cross-entropy of the next-token logits of the outputs <paramref name="hs"/> [N, H].</summary>
    [Differentiable]
    public static double Loss(TokenHead p, Tensor hs, int[] targets)
    {
        var loss = CrossEntropy(Affine(p.Why, hs, p.By), targets);
        return loss;
    }

    /// <summary>The next-token logits [N, V] of the outputs <paramref name="hs"/> [N, H].</summary>
    [Differentiable]
    public static Tensor Logits(TokenHead p, Tensor hs)
    {
        var logits = Affine(p.Why, hs, p.By);
        return logits;
    }
}
