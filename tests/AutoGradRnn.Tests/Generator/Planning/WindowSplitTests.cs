using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Tests.Generator.Planning;

/// <summary>The window form's split read on the planner's output: which steps go to StepInputs (once per window) and
/// which to StepRecurrent (per step), the rewrites that let more move, the values handed between them, and the one-line
/// reason a Step gets none.</summary>
public class WindowSplitTests
{
    private static string Cell(string weights, string step, string extra = "") => $$"""
        using AutoGradRnn;
        using static AutoGradRnn.Ops;
        namespace Demo;
        public sealed partial class C : IRecurrentCell<C>
        {
            [Parameters] public sealed partial class Weights { {{weights}} }
            public static IParameters Initialize(CellSize size, DType dtype, Rng rng) => new Weights();
            [Differentiable]
            {{step}}
            {{extra}}
        }
        """;

    private static WindowPlan Window(string source)
    {
        var plan = PlanOf.Method(source, "Step");
        Assert.NotNull(plan.Window);
        return plan.Window!;
    }

    /// <summary>The forward steps of a part as "result = Callee", in order.</summary>
    private static List<string> Steps(MethodPlan part) =>
        part.Model.Steps.Where(s => s.Kind is StepKind.Primitive or StepKind.Copy)
            .Select(s => part.NameOf(s.Results[0]) + " = " + (s.Kind == StepKind.Copy ? part.NameOf(s.Arguments[0]) : s.Callee.Substring(s.Callee.LastIndexOf('.') + 1)))
            .ToList();

    private static List<string> Values(WindowPlan window) => window.Values.Select(v => v.Name + (v.Rows ? " rows" : " whole") + " " + v.Output).ToList();

    [Fact]
    public void The_lstm_gate_product_splits_into_column_blocks_and_the_bias_joins_the_input_part()
    {
        var window = Window(Cell("public Tensor W = null!; public Tensor B = null!;", """
            public static (Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)
            {
                var gates = MatVec(p.W, Concat(x, h)) + p.B;
                var cNext = Sigmoid(Slice(gates, 1, 4)) * c + Sigmoid(Slice(gates, 0, 4)) * Tanh(Slice(gates, 3, 4));
                return (Sigmoid(Slice(gates, 2, 4)) * Tanh(cNext), cNext);
            }
            """));
        Assert.Equal(new[] { "wX = ColumnsOf", "wH = OtherColumns", "matVecX = MatVec", "matVec = Add" }, Steps(window.Inputs!));
        var recurrent = Steps(window.Recurrent!);
        Assert.Equal(new[] { "matVecH = MatVec", "gates = +" }, recurrent.Take(2));
        Assert.DoesNotContain(recurrent, s => s.Contains("Concat"));
        Assert.Equal(new[] { "matVec rows 0", "wH whole 1" }, Values(window));
        Assert.Equal(new[] { "p", "matVec", "wH", "h", "c" }, window.Recurrent!.Model.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { "p", "x" }, window.Inputs!.Model.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void With_the_state_first_the_input_columns_are_the_last_ones()
    {
        var window = Window(Cell("public Tensor W = null!; public Tensor B = null!;",
            "public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.W, Concat(h, x)) + p.B);"));
        var columns = window.Inputs!.Model.Steps.First(s => s.Callee.EndsWith(".ColumnsOf"));
        Assert.Equal("true", columns.Arguments[2].Literal);
        Assert.Equal(new[] { "wX = ColumnsOf", "wH = OtherColumns", "matVecX = MatVec", "matVec = Add" }, Steps(window.Inputs!));
        Assert.Equal(new[] { "matVecH = MatVec", "sum = +", "tanh = Tanh" }, Steps(window.Recurrent!));
    }

    [Fact]
    public void The_elman_input_product_and_its_bias_move_and_the_recurrent_product_stays()
    {
        var window = Window(Cell("public Tensor Wxh = null!; public Tensor Whh = null!; public Tensor Bh = null!;",
            "public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.Wxh, x) + MatVec(p.Whh, h) + p.Bh);"));
        Assert.Equal(new[] { "matVec = MatVec", "sum = +" }, Steps(window.Inputs!));
        Assert.Equal(new[] { "matVec_2 = MatVec", "sum_2 = +", "tanh = Tanh" }, Steps(window.Recurrent!));
        Assert.Equal(new[] { "sum rows 0" }, Values(window));
    }

    [Fact]
    public void A_weight_only_value_moves_whole_and_the_input_itself_is_handed_on_when_the_rest_reads_it()
    {
        var window = Window(Cell("public Tensor Wx = null!; public Tensor U = null!;",
            "public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.Wx, x) + MatVec(p.U * 0.5, h)) * Sum(x * h);"));
        Assert.Equal(new[] { "matVec = MatVec", "product = *" }, Steps(window.Inputs!));
        Assert.Equal(new[] { "x rows -1", "matVec rows 0", "product whole 1" }, Values(window));
    }

    [Fact]
    public void A_primitive_of_the_users_moves_only_when_it_says_it_is_row_wise()
    {
        const string Primitives = """
            [DerivativeRule(nameof(SoftsignBackward), RowWise = nameof(x))]
            public static Tensor Softsign(Tensor x) => Tanh(x);
            public static void SoftsignBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
            [DerivativeRule(nameof(MixBackward))]
            public static Tensor Mix(Tensor x) => x;
            public static void MixBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
            """;
        var marked = Window(Cell("public Tensor U = null!;", "public static Tensor Step(Weights p, Tensor x, Tensor h) => Softsign(x) + MatVec(p.U, h);", Primitives));
        Assert.Equal(new[] { "softsign = Softsign" }, Steps(marked.Inputs!));
        var unmarked = Window(Cell("public Tensor U = null!;", "public static Tensor Step(Weights p, Tensor x, Tensor h) => Mix(x) + MatVec(p.U, h);", Primitives));
        Assert.Null(unmarked.Inputs);
        Assert.Equal("nothing in Step is computed from the input and the weights alone", unmarked.Reason);
    }

    [Fact]
    public void A_state_computed_from_the_input_alone_is_returned_by_the_recurrent_part_as_it_was_handed_on()
    {
        var window = Window(Cell("public Tensor W = null!; public Tensor U = null!;", """
            public static (Tensor H, Tensor C) Step(Weights p, Tensor x, Tensor h, Tensor c)
            {
                var sum = Tanh(MatVec(p.W, x));
                var Sum = Sigmoid(MatVec(p.U, x));
                return (sum + h, Sum);
            }
            """));
        Assert.Equal(new[] { "Sum", "Sum_2" }, window.Inputs!.Model.Outputs.Select(o => o.Name));
        Assert.Equal(new[] { "sum rows 0", "Sum rows 1" }, Values(window));
        Assert.Equal(new[] { "sum_2 = +" }, Steps(window.Recurrent!));
    }

    [Fact]
    public void A_cell_declaring_a_name_of_its_window_form_gets_AGR017()
    {
        var run = GeneratorHarness.Run(Cell("public Tensor W = null!;", "public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.W, x)) + h;",
            "public static int StepInputsForward() => 0;"));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "AGR017" && d.GetMessage().Contains("StepInputsForward"));
    }

    [Theory]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) { for (int i = 0; i < 2; i++) h = Tanh(MatVec(p.U, h) + x); return h; }", "Step has a loop")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) { var y = MatVec(p.U, h); if (h.Rank > 1) y = Tanh(y); return y + x; }", "Step has an if")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) => Helper(x) + MatVec(p.U, h);", "Step calls another [Differentiable] method (Helper)")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.U, x * h));", "nothing in Step is computed from the input and the weights alone")]
    [InlineData("public static Tensor Step(Weights p, Tensor x, Tensor h) => Tanh(MatVec(p.U, h) + Slice(x, 0, x.Rank));", "Step has a statement of plain C# (")]
    public void A_step_the_split_cannot_take_has_no_window_form_and_says_why(string step, string reason)
    {
        var window = Window(Cell("public Tensor U = null!;", step, "[Differentiable] public static Tensor Helper(Tensor x) => Tanh(x);"));
        Assert.Null(window.Inputs);
        Assert.Null(window.Recurrent);
        Assert.StartsWith(reason, window.Reason);
    }
}
