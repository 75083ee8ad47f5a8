using AutoGradRnn;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.Tasks;

/// <summary>
/// The network the token tasks (memorization, Reber) run over any cell, from a zero state: an embedding of all T·B
/// input rows at once, <c>layers</c> layers of the cell, and a <see cref="TokenHead"/> whose output layer the task's own
/// loss reads. Weights drawn in the order Emb, the cell, Why, By (PyTorch's defaults: N(0, 1) for the embedding,
/// U(±1/√H) for the rest).
/// </summary>
public sealed class TokenNetwork
{
    private readonly TokenLm.EmbedTape _embed = new();
    private int[] _ids = [];

    public TokenNetwork(RecurrentCell cell, int layers, int vocabulary, int embedding, int hidden, int outputs, DType dtype, Rng rng)
    {
        DType = dtype;
        Hidden = hidden;
        Stack = new RecurrentStack(cell, layers);
        var (head, cells) = TokenHead.Draw(Stack, vocabulary, embedding, hidden, outputs, dtype, rng);
        Weights = new TaskWeights<TokenHead>(cell, head, cells);
    }

    public TaskWeights<TokenHead> Weights { get; }

    public RecurrentStack Stack { get; }

    public DType DType { get; }

    public int Hidden { get; }

    public TokenHead Head => Weights.Head;

    public IParameters NewGradients() => Weights.NewGradients(h => h.ZerosLike());

    /// <summary>The generated forward from a zero state: the embedded inputs [T·B, E] and the outputs [T·B, H].</summary>
    public (Tensor X, Tensor Hs) Forward(int[][] inputs)
    {
        var x = TokenLm.EmbedForward(Head, TimeMajor.Flatten(inputs, ref _ids), _embed);
        return (x, Stack.Forward(Weights.Layers, x, Stack.ZeroState(DType, inputs[0].Length, Hidden)));
    }

    /// <summary>The generated backward of the last <see cref="Forward"/>, given the outputs' adjoint.</summary>
    public void Backward(Tensor x, Tensor dOutputs, IParameters gradients)
    {
        var (dHead, dLayers) = Weights.Parts(gradients);
        var dInputs = Tensor.ZerosLike(x);
        Stack.Backward(dOutputs, dInputs, dLayers);
        TokenLm.EmbedBackward(_embed, dResult: dInputs, dp: dHead);
    }

    /// <summary>The outputs [T·B, H] through the user's own methods (the embedding's and each cell step's, as compiled).</summary>
    public Tensor ReferenceOutputs(int[][] inputs)
    {
        var x = TokenLm.Embed(Head, TimeMajor.Flatten(inputs));
        return Stack.Reference(Weights.Layers, x, Stack.ZeroState(DType, inputs[0].Length, Hidden)).Outputs;
    }

    /// <summary>The registered cell <paramref name="kind"/>.</summary>
    public static CharLmSpec Find(string kind) =>
        CharLmRegistry.Find(kind) ?? throw new ArgumentException($"Unknown cell '{kind}'; expected one of {CharLmRegistry.Names}.", nameof(kind));
}
