using AutoGradRnn.Models.CharLm;
using AutoGradRnn.Models.Tasks;

namespace AutoGradRnn.Tests.CellContract;

/// <summary>
/// A bidirectional tagger over any cell: the embedding of a window, one cell forward and one backward over it, and
/// per-step tags read from both directions' outputs [T·B, 2H] (TokenLm.Loss with Why [K, 2H]). Its gradient, through
/// the generated code, is checked in float64 against central differences of the user's own methods (each cell's Step
/// run forward over the window and backward over the reversed window, the heads' methods), every entry.
/// </summary>
public class BidirectionalTests
{
    private const int Vocabulary = 6, Tags = 3, Embedding = 3, Hidden = 4, Steps = 4, Batch = 2;

    public static TheoryData<string> Cells() => ["lstm", "gru", "elman", "mgu"];

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_bidirectional_tagger_passes_the_float64_check_against_the_cells_own_step(string name)
    {
        var cell = CellCatalog.BuiltIn().Add<MinimalGatedUnit>("mgu").Find(name)!.Cell;
        var rng = new Rng(21);
        var head = new TokenHead
        {
            Emb = Init.Normal(rng, DType.Float64, 0, 1, Vocabulary, Embedding),
            Why = Init.Normal(rng, DType.Float64, 0, 0.5, Tags, 2 * Hidden),
            By = Init.Normal(rng, DType.Float64, 0, 0.1, Tags),
        };
        var forwardWeights = cell.Initialize(new CellSize(Embedding, Hidden), DType.Float64, rng);
        var backwardWeights = cell.Initialize(new CellSize(Embedding, Hidden), DType.Float64, rng);
        var weights = new ParameterGroup(("", head), ("fwd.", forwardWeights), ("bwd.", backwardWeights));
        int[][] Ids(int range) => [.. Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, Batch).Select(_ => rng.NextInt(range)).ToArray())];
        int[] words = TimeMajor.Flatten(Ids(Vocabulary)), tags = TimeMajor.Flatten(Ids(Tags));
        Tensor[] Zero() => [.. cell.StateNames.Select(_ => Tensor.Zeros(DType.Float64, Batch, Hidden))];

        var layer = new BidirectionalRecurrence(cell);
        var embedTape = new TokenLm.EmbedTape();
        var lossTape = new TokenLm.LossTape();
        var function = CheckedFunction.Create(weights,
            () => new ParameterGroup(("", head.ZerosLike()), ("fwd.", cell.ZerosLike(forwardWeights)), ("bwd.", cell.ZerosLike(backwardWeights))),
            [],
            () =>
            {
                var x = TokenLm.Embed(head, words);
                var stack = new RecurrentStack(cell, 1);
                var forward = stack.Reference([forwardWeights], x, Zero()).Outputs;
                var backward = BidirectionalRecurrence.ReverseSteps(stack.Reference([backwardWeights], BidirectionalRecurrence.ReverseSteps(x, Batch, null), Zero()).Outputs, Batch, null);
                return TokenLm.Loss(head, Ops.Concat(forward, backward), tags);
            },
            (gradients, _) =>
            {
                var group = (ParameterGroup)gradients;
                var x = TokenLm.EmbedForward(head, words, embedTape);
                var hs = layer.Forward(forwardWeights, backwardWeights, x, Zero(), Zero());
                double loss = TokenLm.LossForward(head, hs, tags, lossTape);
                var dHs = Tensor.ZerosLike(hs);
                TokenLm.LossBackward(lossTape, 1.0, (TokenHead)group[0], dHs);
                var dx = Tensor.ZerosLike(x);
                layer.Backward(dHs, dx, group[1], group[2]);
                TokenLm.EmbedBackward(embedTape, dx, (TokenHead)group[0]);
                return loss;
            }, cell.ForwardTolerance);
        var result = GradientChecker.Check(function, GradientCheckOptions.Default with { CheckEveryEntry = true });
        Assert.True(result.Passed, result.Report());
        Assert.All(result.Tensors, t => Assert.Equal(t.Shape.Size, t.EntriesChecked));
        Assert.Contains(result.Tensors, t => t.Name.StartsWith("bwd.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_backward_direction_reads_the_window_from_its_last_step()
    {
        var cell = CellCatalog.BuiltIn().Find("elman")!.Cell;
        var weights = cell.Initialize(new CellSize(2, 3), DType.Float64, new Rng(4));
        var x = Init.Normal(new Rng(5), DType.Float64, 0, 1, 3 * 2, 2); // T = 3, B = 2
        Tensor[] Zero() => [Tensor.Zeros(DType.Float64, 2, 3)];
        var both = new BidirectionalRecurrence(cell).Forward(weights, weights, x, Zero(), Zero());
        // With the same weights both ways, h←_{T−1} (one step of the last input) equals a forward run over the reversed window's first step.
        var alone = new Recurrence(cell).Forward(weights, BidirectionalRecurrence.ReverseSteps(x, 2, null), Zero());
        for (int b = 0; b < 2; b++)
            for (int j = 0; j < 3; j++) Assert.Equal(alone[b, j], both[2 * 2 + b, 3 + j]);
    }
}
