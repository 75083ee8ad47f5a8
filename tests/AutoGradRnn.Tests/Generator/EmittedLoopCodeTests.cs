namespace AutoGradRnn.Tests.Generator;

/// <summary>Whole-file snapshots of the code emitted for loops (backpropagation through time) and for an if/else
/// inside a loop; see <see cref="EmittedCodeTests"/> for straight-line code.</summary>
public class EmittedLoopCodeTests
{
    private const string ElmanSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class CharRnn
        {
            /// <summary>min-char-rnn's loss over a window: the input weights are a [V,H] table whose row x_t is Wxh·onehot(x_t).</summary>
            [Differentiable]
            public static (double Loss, Tensor H) ElmanLoss(int[] inputs, int[] targets, Tensor h, Tensor wxh, Tensor whh, Tensor why, Tensor bh, Tensor by)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Tanh(Embedding(wxh, inputs[t]) + MatVec(whh, h) + bh);
                    loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
                }
                return (loss, h);
            }
        }
        """;

    private const string BranchSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace Demo;

        public static partial class Alternating
        {
            /// <summary>Even steps take an Elman update, odd ones a gated update that also adds to the loss.</summary>
            [Differentiable]
            public static double Loss(int[] inputs, Tensor h, Tensor emb, Tensor whh, Tensor wg)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    var x = Embedding(emb, inputs[t]);
                    if (t % 2 == 0)
                    {
                        h = Tanh(x + MatVec(whh, h));
                    }
                    else
                    {
                        var gate = Sigmoid(MatVec(wg, h));
                        h = gate * h + OneMinus(gate) * Tanh(x);
                        loss += 0.1 * Sum(gate);
                    }
                    loss += Sum(h * x);
                }
                return loss;
            }
        }
        """;

    [Fact]
    public void Elman_char_loss_over_a_window()
    {
        var run = GeneratorHarness.Run(ElmanSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var (hint, text) = Assert.Single(run.Generated);
        Assert.Equal("Demo.CharRnn.ElmanLoss.g.cs", hint);
        Snapshot.Match(nameof(EmittedLoopCodeTests), nameof(Elman_char_loss_over_a_window), hint, text);
    }

    [Fact]
    public void If_else_inside_a_loop()
    {
        var run = GeneratorHarness.Run(BranchSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var (hint, text) = Assert.Single(run.Generated);
        Assert.Equal("Demo.Alternating.Loss.g.cs", hint);
        Snapshot.Match(nameof(EmittedLoopCodeTests), nameof(If_else_inside_a_loop), hint, text);
    }

    [Fact]
    public void Backward_runs_the_iterations_in_reverse_and_replays_the_branch_taken()
    {
        var text = GeneratorHarness.Run(BranchSource).Generated.Single().Text;
        Assert.Contains("for (int k = tape.trips - 1; k >= 0; k--)", text);
        Assert.Contains("bool taken = tape.taken[k] = t % 2 == 0; // the branch taken, for the backward pass", text);
        Assert.Contains("if (tape.taken[k])", text);
        Assert.Contains("//   h_3 = Tanh(sum)  ⇒  dsum += (1 − h_3∘h_3) ∘ dh_3", text);
    }

    [Fact]
    public void Loop_output_is_deterministic()
    {
        Assert.Equal(GeneratorHarness.Run(ElmanSource).Generated, GeneratorHarness.Run(ElmanSource).Generated);
        Assert.Equal(GeneratorHarness.Run(BranchSource).Generated, GeneratorHarness.Run(BranchSource).Generated);
    }
}
