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
        Assert.Contains("//   per iteration of the loop at line 10:9: 8 tensors: h_2 [h], embedding [wxh[-1]], matVec [h[..-1], whh[0]], sum [h[..-1], whh[0]], "
            + "sum_2 [h[..-1], whh[0]], h_3 [h[..-1], whh[0]], matVec_2 [h[..-1], why[0]], sum_3 [h[..-1], why[0]]; 1 double (crossEntropy); input (int), target (int)", text);
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
        Assert.Contains("concat [x[..-1], x[-1] + h[-1]], matVec [x[..-1], w[0]], slice [x[..-1], w[0] / 4], sigmoid [x[..-1], w[0] / 4]", text);
    }
}
