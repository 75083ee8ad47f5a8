namespace AutoGradRnn.Tests.Generator;

/// <summary>The top of a generated file states what the tape keeps per iteration, with shapes in the arguments' shapes.</summary>
public class StorageStatementTests
{
    private const string Source = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(int[] inputs, int[] targets, Tensor h, Tensor wxh, Tensor whh, Tensor why, Tensor bh, Tensor by)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Tanh(Embedding(wxh, inputs[t]) + MatVec(whh, h) + bh);
                    loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
                }
                return loss;
            }
        }
        """;

    [Fact]
    public void Elman_loss_states_its_per_iteration_storage_with_shapes()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.CompilationProblems);
        string text = Assert.Single(run.Generated).Text;
        // What the rules read: h_2 (MatVec's x, and carried), h_3 (tanh's result, and carried) and the logits sum_3
        // (cross-entropy's); the sums, products and the embedding are read only for their shapes.
        Assert.Contains("//   per iteration of the loop at line 10:9: 3 tensors: h_2 [h], h_3 [h[..-1], whh[0]], sum_3 [h[..-1], why[0]]; 1 double (crossEntropy); "
            + "input (int), target (int); shapes only: embedding, matVec, sum, sum_2, matVec_2", text);
        Assert.Contains("//   scratch: 5 tensors (embedding, matVec, sum, sum_2, matVec_2) and 8 adjoints", text);
    }

    [Fact]
    public void Slices_and_concatenations_divide_and_add_dimensions()
    {
        var run = GeneratorHarness.Run("""
            using AutoGradRnn;
            using static AutoGradRnn.Ops;
            namespace Demo;
            public static partial class Cell
            {
                [Differentiable]
                public static Tensor Gates(Tensor x, Tensor h, Tensor w) => Sigmoid(Slice(MatVec(w, Concat(x, h)), 1, 4));
            }
            """);
        Assert.Empty(run.CompilationProblems);
        string text = Assert.Single(run.Generated).Text;
        // Sigmoid(Slice(…)) is fused into SigmoidOfSlice, whose formula divides the last dimension as Slice's does.
        Assert.Contains("//   once per call: 2 tensors: concat [x[..-1], x[-1] + h[-1]], sigmoid [x[..-1], w[0] / 4]; shapes only: matVec", text);
    }
}
