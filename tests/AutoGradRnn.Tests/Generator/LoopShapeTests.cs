using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// Regression tests for the loop and branch shapes that other reverse-mode tools have shipped bugs on
/// (<see cref="LoopShapes"/>). Each test runs the generated forward against the method itself (the same value,
/// bit for bit) and the generated backward against float64 central differences on every entry.
/// </summary>
public class LoopShapeTests
{
    private static Tensor N(Rng r, params int[] dims) => Init.Normal(r, DType.Float64, 0, 0.5, dims);

    private static void Agrees(IDifferentiableFunction f) => GeneratedLoopGradientTests.AssertAgrees(f);

    private static void Same(double direct, double generated) => Assert.Equal(direct, generated);

    private static void Same(Tensor direct, Tensor generated)
    {
        Assert.Equal(direct.Shape, generated.Shape);
        Assert.Equal(direct.ToDoubleArray(), generated.ToDoubleArray());
    }

    /// <summary>Central difference of a function of one double.</summary>
    private static double Numeric(Func<double, double> f, double x, double h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

    private static void Close(double expected, double actual)
    {
        double abs = Math.Abs(expected - actual), rel = abs / Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-300);
        Assert.True(abs <= 1e-8 || rel <= 1e-6, $"expected {expected:R}, got {actual:R} (abs {abs:E2}, rel {rel:E2})");
    }

    // (a) a variable defined before the loop and read after it

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Value_defined_before_the_loop_and_read_after_it(int n)
    {
        var r = new Rng(11);
        Tensor x = N(r, 3), w = N(r, 3);
        Same(LoopShapes.DefinedBeforeReadAfter(x, w, n), LoopShapes.DefinedBeforeReadAfterForward(x, w, n, new LoopShapes.DefinedBeforeReadAfterTape()));
        Agrees(LoopShapes.DefinedBeforeReadAfterFunction(x, w, n));
    }

    // (b) a value overwritten inside the loop

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Carried_value_assigned_twice_in_one_iteration(int n)
    {
        var r = new Rng(12);
        Tensor h = N(r, 3), w = N(r, 3, 3), u = N(r, 3);
        Same(LoopShapes.OverwrittenTwice(h, w, u, n), LoopShapes.OverwrittenTwiceForward(h, w, u, n, new LoopShapes.OverwrittenTwiceTape()));
        Agrees(LoopShapes.OverwrittenTwiceFunction(h, w, u, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Carried_value_overwritten_from_scratch_in_every_iteration(int n)
    {
        var r = new Rng(13);
        Tensor x = N(r, 3), w = N(r, 3);
        Same(LoopShapes.LastWriteWins(x, w, n), LoopShapes.LastWriteWinsForward(x, w, n, new LoopShapes.LastWriteWinsTape()));
        Agrees(LoopShapes.LastWriteWinsFunction(x, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Carried_value_read_then_overwritten_from_scratch(int n)
    {
        var r = new Rng(14);
        Tensor x = N(r, 3), w = N(r, 3);
        Same(LoopShapes.OverwrittenAfterRead(x, w, n), LoopShapes.OverwrittenAfterReadForward(x, w, n, new LoopShapes.OverwrittenAfterReadTape()));
        Agrees(LoopShapes.OverwrittenAfterReadFunction(x, w, n));
    }

    // (c) a carried value read before its update in the same iteration, and again after

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Carried_value_read_before_and_after_its_update(int n)
    {
        var r = new Rng(15);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.ReadBeforeAndAfterUpdate(h, w, n), LoopShapes.ReadBeforeAndAfterUpdateForward(h, w, n, new LoopShapes.ReadBeforeAndAfterUpdateTape()));
        Agrees(LoopShapes.ReadBeforeAndAfterUpdateFunction(h, w, n));
    }

    // (d) a zero-trip loop

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void Recurrence_returning_the_final_state(int n)
    {
        var r = new Rng(16);
        Tensor h = N(r, 4), w = N(r, 4, 4), b = N(r, 4), p = N(r, 4);
        Same(LoopShapes.Recurrence(h, w, b, n), LoopShapes.RecurrenceForward(h, w, b, n, new LoopShapes.RecurrenceTape()));
        Agrees(LoopShapes.RecurrenceFunction(h, w, b, n, p));
    }

    [Fact]
    public void Zero_trip_loop_returns_its_initial_value_and_hands_the_output_adjoint_straight_to_it()
    {
        var r = new Rng(17);
        Tensor h = N(r, 4), w = N(r, 4, 4), b = N(r, 4), p = N(r, 4);
        Tensor dh = Tensor.ZerosLike(h), dw = Tensor.ZerosLike(w), db = Tensor.ZerosLike(b);
        var result = LoopShapes.RecurrenceWithGradient(h, w, b, 0, p, dh, dw, db);
        Same(h, result);
        Same(p, dh);
        Assert.All(dw.ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.All(db.ToDoubleArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Zero_trip_loop_of_a_scalar_accumulation()
    {
        var r = new Rng(18);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Tensor dh = Tensor.ZerosLike(h), dw = Tensor.ZerosLike(w);
        double loss = LoopShapes.AccumulateFromWithGradient(h, w, 0, dh, dw);
        Same(LoopShapes.AccumulateFrom(h, w, 0), loss);
        Same(h * 2.0, dh);
        Assert.All(dw.ToDoubleArray(), v => Assert.Equal(0, v));
        foreach (int n in new[] { 0, 1, 3 }) Agrees(LoopShapes.AccumulateFromFunction(h, w, n));
    }

    // (e) a loop whose result is unused; a carried value unused but a side accumulation used

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Loop_whose_result_is_unused(int n)
    {
        var r = new Rng(19);
        var x = N(r, 3);
        Same(LoopShapes.UnusedLoop(x, n), LoopShapes.UnusedLoopForward(x, n, new LoopShapes.UnusedLoopTape()));
        var dx = Tensor.ZerosLike(x);
        LoopShapes.UnusedLoopWithGradient(x, n, dx);
        Same(x * 2.0, dx);
        Agrees(LoopShapes.UnusedLoopFunction(x, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Carried_value_unused_after_the_loop_but_accumulated_inside_it(int n)
    {
        var r = new Rng(20);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.SideAccumulation(h, w, n), LoopShapes.SideAccumulationForward(h, w, n, new LoopShapes.SideAccumulationTape()));
        Agrees(LoopShapes.SideAccumulationFunction(h, w, n));
    }

    // (f) branches: in some iterations only, at the top level, an else-if chain, and one chosen by the data

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    public void If_without_else_taken_in_some_iterations_only(int n)
    {
        var r = new Rng(21);
        Tensor h = N(r, 3), w = N(r, 3, 3), u = N(r, 3);
        Same(LoopShapes.SomeIterations(h, w, u, n), LoopShapes.SomeIterationsForward(h, w, u, n, new LoopShapes.SomeIterationsTape()));
        Agrees(LoopShapes.SomeIterationsFunction(h, w, u, n));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void If_else_at_the_top_level(bool flag)
    {
        var r = new Rng(22);
        Tensor x = N(r, 3), w = N(r, 3);
        Same(LoopShapes.TopLevelIfElse(x, w, flag), LoopShapes.TopLevelIfElseForward(x, w, flag, new LoopShapes.TopLevelIfElseTape()));
        Agrees(LoopShapes.TopLevelIfElseFunction(x, w, flag));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Else_if_chain(int mode)
    {
        var r = new Rng(23);
        Tensor x = N(r, 3), w = N(r, 3);
        Same(LoopShapes.ElseIfChain(x, w, mode), LoopShapes.ElseIfChainForward(x, w, mode, new LoopShapes.ElseIfChainTape()));
        Agrees(LoopShapes.ElseIfChainFunction(x, w, mode));
    }

    [Fact]
    public void Branch_chosen_by_the_sign_of_a_value_that_carries_gradient()
    {
        var r = new Rng(24);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        const int n = 6;
        // both branches run, and no decision is within reach of the checker's perturbation
        var signs = new List<double>();
        var g = h;
        for (int t = 0; t < n; t++)
        {
            double s = Ops.Sum(g);
            signs.Add(s);
            g = s > 0 ? Ops.Tanh(Ops.MatVec(w, g)) : Ops.Sigmoid(Ops.MatVec(w, g)) - g;
        }
        Assert.Contains(signs, s => s > 0);
        Assert.Contains(signs, s => s <= 0);
        Assert.All(signs, s => Assert.True(Math.Abs(s) > 1e-3));
        Same(LoopShapes.DataDependentBranch(h, w, n), LoopShapes.DataDependentBranchForward(h, w, n, new LoopShapes.DataDependentBranchTape()));
        Agrees(LoopShapes.DataDependentBranchFunction(h, w, n));
    }

    // (g) carried values swapped every iteration

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public void Carried_values_swapped_by_deconstruction(int n)
    {
        var r = new Rng(25);
        Tensor a = N(r, 3), b = N(r, 3), w = N(r, 3), u = N(r, 3);
        Same(LoopShapes.SwapByTuple(a, b, w, u, n), LoopShapes.SwapByTupleForward(a, b, w, u, n, new LoopShapes.SwapByTupleTape()));
        Agrees(LoopShapes.SwapByTupleFunction(a, b, w, u, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public void Carried_values_swapped_through_a_temporary(int n)
    {
        var r = new Rng(25);
        Tensor a = N(r, 3), b = N(r, 3), w = N(r, 3), u = N(r, 3);
        Same(LoopShapes.SwapByTemp(a, b, w, u, n), LoopShapes.SwapByTempForward(a, b, w, u, n, new LoopShapes.SwapByTempTape()));
        Same(LoopShapes.SwapByTuple(a, b, w, u, n), LoopShapes.SwapByTemp(a, b, w, u, n));
        Agrees(LoopShapes.SwapByTempFunction(a, b, w, u, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Loop_that_only_swaps(int n)
    {
        var r = new Rng(26);
        Tensor a = N(r, 3), b = N(r, 3), u = N(r, 3);
        Same(LoopShapes.PureSwap(a, b, u, n), LoopShapes.PureSwapForward(a, b, u, n, new LoopShapes.PureSwapTape()));
        Agrees(LoopShapes.PureSwapFunction(a, b, u, n));
        // after an odd number of swaps, a holds b: d/da = 6a and d/db = u
        Tensor da = Tensor.ZerosLike(a), db = Tensor.ZerosLike(b), du = Tensor.ZerosLike(u);
        LoopShapes.PureSwapWithGradient(a, b, u, n, da, db, du);
        Same(n % 2 == 0 ? u : a * 6.0, da);
        Same(n % 2 == 0 ? b * 6.0 : u, db);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Three_values_rotated_and_two_scalars_swapped(int n)
    {
        var r = new Rng(27);
        Tensor a = N(r, 3), b = N(r, 3), c = N(r, 3);
        double p = 0.7, q = -0.4;
        Same(LoopShapes.Rotate(a, b, c, p, q, n), LoopShapes.RotateForward(a, b, c, p, q, n, new LoopShapes.RotateTape()));
        Agrees(LoopShapes.RotateFunction(a, b, c, p, q, n));
        double dp = 0, dq = 0;
        LoopShapes.RotateWithGradient(a, b, c, p, q, n, null, null, null, ref dp, ref dq);
        Close(Numeric(v => LoopShapes.Rotate(a, b, c, v, q, n), p), dp);
        Close(Numeric(v => LoopShapes.Rotate(a, b, c, p, v, n), q), dq);
    }

    // (h) nested loops

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void Nested_loops_accumulating_one_scalar_across_both(int outer, int inner)
    {
        var r = new Rng(28);
        Tensor h = N(r, 3), w = N(r, 3, 3), u = N(r, 3);
        Same(LoopShapes.NestedAccumulate(h, w, u, outer, inner), LoopShapes.NestedAccumulateForward(h, w, u, outer, inner, new LoopShapes.NestedAccumulateTape()));
        Agrees(LoopShapes.NestedAccumulateFunction(h, w, u, outer, inner));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Inner_trip_count_set_by_the_outer_counter(int outer)
    {
        var r = new Rng(29);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.TriangularNest(h, w, outer), LoopShapes.TriangularNestForward(h, w, outer, new LoopShapes.TriangularNestTape()));
        Agrees(LoopShapes.TriangularNestFunction(h, w, outer));
    }

    // (i) a loop inside an if, an if inside a nested loop

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 3)]
    [InlineData(false, 3)]
    public void Loop_inside_an_if(bool flag, int n)
    {
        var r = new Rng(30);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.LoopInsideIf(h, w, n, flag), LoopShapes.LoopInsideIfForward(h, w, n, flag, new LoopShapes.LoopInsideIfTape()));
        Agrees(LoopShapes.LoopInsideIfFunction(h, w, n, flag));
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    public void If_inside_a_nested_loop(int outer, int inner)
    {
        var r = new Rng(31);
        Tensor h = N(r, 3), w = N(r, 3, 3), v = N(r, 3, 3);
        Same(LoopShapes.IfInsideNestedLoop(h, w, v, outer, inner), LoopShapes.IfInsideNestedLoopForward(h, w, v, outer, inner, new LoopShapes.IfInsideNestedLoopTape()));
        Agrees(LoopShapes.IfInsideNestedLoopFunction(h, w, v, outer, inner));
    }

    // (j) loop bounds from a tensor's shape and from an int argument

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Loop_bounded_by_a_tensor_shape(int rows)
    {
        var r = new Rng(32);
        const int E = 2, H = 3;
        Tensor xs = N(r, rows, E), h = N(r, H), w = N(r, H, E + H), p = N(r, H);
        Same(LoopShapes.ShapeBound(xs, h, w), LoopShapes.ShapeBoundForward(xs, h, w, new LoopShapes.ShapeBoundTape()));
        Agrees(LoopShapes.ShapeBoundFunction(xs, h, w, p));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Reversed_loop_bounded_by_length_and_shape(int rows)
    {
        var r = new Rng(33);
        const int E = 2, H = 3;
        Tensor xs = N(r, rows, E), h = N(r, H), w = N(r, H, E + H), p = N(r, H);
        Same(LoopShapes.ReversedShapeBound(xs, h, w), LoopShapes.ReversedShapeBoundForward(xs, h, w, new LoopShapes.ReversedShapeBoundTape()));
        Agrees(LoopShapes.ReversedShapeBoundFunction(xs, h, w, p));
        if (rows > 1) Assert.NotEqual(LoopShapes.ShapeBound(xs, h, w).ToDoubleArray(), LoopShapes.ReversedShapeBound(xs, h, w).ToDoubleArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    public void Int_argument_bound_with_two_counters_and_a_stride(int n)
    {
        var r = new Rng(34);
        const int E = 3, H = 3;
        Tensor xs = N(r, Math.Max(n, 1), E), h = N(r, H), w = N(r, H, E + H);
        Same(LoopShapes.TwoCountersAndStride(xs, h, w, n), LoopShapes.TwoCountersAndStrideForward(xs, h, w, n, new LoopShapes.TwoCountersAndStrideTape()));
        Agrees(LoopShapes.TwoCountersAndStrideFunction(xs, h, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Two_loops_in_a_row_over_the_same_carried_value(int n)
    {
        var r = new Rng(35);
        Tensor h = N(r, 3), w = N(r, 3, 3), v = N(r, 3, 3);
        Same(LoopShapes.SequentialLoops(h, w, v, n), LoopShapes.SequentialLoopsForward(h, w, v, n, new LoopShapes.SequentialLoopsTape()));
        Agrees(LoopShapes.SequentialLoopsFunction(h, w, v, n));
    }

    // (k) a passive int updated in the loop and used as an index

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void Passive_int_updated_in_the_loop_and_used_as_an_index(int n)
    {
        var r = new Rng(36);
        const int Parts = 5, H = 2;
        Tensor x = N(r, Parts * H), h = N(r, H);
        Same(LoopShapes.PassiveIndex(x, h, n, Parts), LoopShapes.PassiveIndexForward(x, h, n, Parts, new LoopShapes.PassiveIndexTape()));
        Agrees(LoopShapes.PassiveIndexFunction(x, h, n, Parts));
    }

    // (l) a double argument carried through the loop

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Double_argument_carried_through_the_loop(int n)
    {
        var r = new Rng(37);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        const double Decay = 0.8;
        Same(LoopShapes.ScalarDecay(h, w, Decay, n), LoopShapes.ScalarDecayForward(h, w, Decay, n, new LoopShapes.ScalarDecayTape()));
        Agrees(LoopShapes.ScalarDecayFunction(h, w, Decay, n));
        double ddecay = 0;
        LoopShapes.ScalarDecayWithGradient(h, w, Decay, n, null, null, ref ddecay);
        Close(Numeric(d => LoopShapes.ScalarDecay(h, w, d, n), Decay), ddecay);
    }

    // other shapes

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Carried_value_reset_to_an_argument_each_iteration(int n)
    {
        var r = new Rng(38);
        Tensor h0 = N(r, 3), h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.ResetEachIteration(h0, h, w, n), LoopShapes.ResetEachIterationForward(h0, h, w, n, new LoopShapes.ResetEachIterationTape()));
        Agrees(LoopShapes.ResetEachIterationFunction(h0, h, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Locals_named_like_the_generated_code(int n)
    {
        var r = new Rng(39);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.NameClashes(h, w, n), LoopShapes.NameClashesForward(h, w, n, new LoopShapes.NameClashesTape()));
        Agrees(LoopShapes.NameClashesFunction(h, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Carried_value_ending_each_iteration_as_a_constant(int n)
    {
        var r = new Rng(40);
        var x = N(r, 3);
        Same(LoopShapes.ConstantAtEndOfIteration(x, n), LoopShapes.ConstantAtEndOfIterationForward(x, n, new LoopShapes.ConstantAtEndOfIterationTape()));
        Agrees(LoopShapes.ConstantAtEndOfIterationFunction(x, n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Loop_inside_an_if_inside_a_loop(int n)
    {
        var r = new Rng(41);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.LoopInsideIfInsideLoop(h, w, n), LoopShapes.LoopInsideIfInsideLoopForward(h, w, n, new LoopShapes.LoopInsideIfInsideLoopTape()));
        Agrees(LoopShapes.LoopInsideIfInsideLoopFunction(h, w, n));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Swap_in_some_iterations_only(int n)
    {
        var r = new Rng(42);
        Tensor a = N(r, 3), b = N(r, 3), w = N(r, 3);
        Same(LoopShapes.ConditionalSwap(a, b, w, n), LoopShapes.ConditionalSwapForward(a, b, w, n, new LoopShapes.ConditionalSwapTape()));
        Agrees(LoopShapes.ConditionalSwapFunction(a, b, w, n));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 2)]
    public void Loop_calling_a_method_with_a_loop(int n, int inner)
    {
        var r = new Rng(43);
        Tensor h = N(r, 3), w = N(r, 3, 3), b = N(r, 3);
        Same(LoopShapes.CallsALoop(h, w, b, n, inner), LoopShapes.CallsALoopForward(h, w, b, n, inner, new LoopShapes.CallsALoopTape()));
        Agrees(LoopShapes.CallsALoopFunction(h, w, b, n, inner));
    }

    [Fact]
    public void Loop_counter_of_type_double()
    {
        var r = new Rng(44);
        var h = N(r, 3);
        Same(LoopShapes.DoubleCounter(h), LoopShapes.DoubleCounterForward(h, new LoopShapes.DoubleCounterTape()));
        Agrees(LoopShapes.DoubleCounterFunction(h));
    }

    /// <summary>Truncated BPTT as min-char-rnn runs it: the final state of one window is the initial state of the next,
    /// and the tape is reused from one call to the next, as its summary invites. The second window's gradient must be
    /// the one a fresh tape gives.</summary>
    [Fact]
    public void Reused_tape_with_the_previous_windows_final_state_fed_back()
    {
        var r = new Rng(45);
        const int V = 5, H = 4, T = 3;
        int[] Tokens() => Enumerable.Range(0, T).Select(_ => r.NextInt(V)).ToArray();
        Tensor h0 = N(r, H), wxh = N(r, V, H), whh = N(r, H, H), why = N(r, V, H), bh = N(r, H), by = N(r, V);
        int[] x1 = Tokens(), y1 = Tokens(), x2 = Tokens(), y2 = Tokens();

        Tensor[] Gradients(Sequences.ElmanLossTape tape, int[] xs, int[] ys, Tensor h)
        {
            var g = new[] { h, wxh, whh, why, bh, by }.Select(Tensor.ZerosLike).ToArray();
            Sequences.ElmanLossForward(xs, ys, h, wxh, whh, why, bh, by, tape);
            Sequences.ElmanLossBackward(tape, 1.0, null, g[0], g[1], g[2], g[3], g[4], g[5]);
            return g;
        }

        var first = Sequences.ElmanLoss(x1, y1, h0, wxh, whh, why, bh, by).H;
        var expected = Gradients(new Sequences.ElmanLossTape(), x2, y2, first.Clone());

        var reused = new Sequences.ElmanLossTape();
        var (_, h1) = Sequences.ElmanLossForward(x1, y1, h0, wxh, whh, why, bh, by, reused);
        // h1 lives in the tape's buffers: the next forward on this tape overwrites it (docs/bptt.md, "Keep what you
        // need"), after copying it into a buffer of its own, so the gradient is the fresh tape's.
        var actual = Gradients(reused, x2, y2, h1);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i].ToDoubleArray(), actual[i].ToDoubleArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Container_read_in_a_loop_and_passed_to_a_step_in_a_loop(int steps)
    {
        var r = new Rng(46);
        const int V = 4, H = 3;
        var p = new LoopWeights { Wxh = N(r, V, H), Whh = N(r, H, H), Bh = N(r, H) };
        var inputs = Enumerable.Range(0, steps).Select(_ => r.NextInt(V)).ToArray();
        var h = N(r, H);
        Same(LoopShapes.ContainerInLoop(p, inputs, h), LoopShapes.ContainerInLoopForward(p, inputs, h, new LoopShapes.ContainerInLoopTape()));
        Same(LoopShapes.ContainerCallInLoop(p, inputs, h), LoopShapes.ContainerCallInLoopForward(p, inputs, h, new LoopShapes.ContainerCallInLoopTape()));
        Agrees(LoopShapes.ContainerInLoopFunction(p, inputs, h));
        Agrees(LoopShapes.ContainerCallInLoopFunction(p, inputs, h));
    }

    /// <summary>A tape reused for calls of other lengths, other branch patterns and other inner trip counts (fresh
    /// inputs each time) gives exactly the gradient of a fresh tape.</summary>
    [Fact]
    public void Reused_tape_gives_the_gradient_of_a_fresh_one()
    {
        var r = new Rng(47);
        Tensor w = N(r, 3, 3), v = N(r, 3, 3), b = N(r, 3);
        var nested = new LoopShapes.IfInsideNestedLoopTape();
        var calls = new LoopShapes.CallsALoopTape();
        foreach (var (outer, inner) in new[] { (3, 2), (1, 4), (0, 1), (2, 3), (4, 0) })
        {
            var h = N(r, 3);
            Tensor[] Nested(LoopShapes.IfInsideNestedLoopTape tape)
            {
                var g = new[] { Tensor.ZerosLike(h), Tensor.ZerosLike(w), Tensor.ZerosLike(v) };
                LoopShapes.IfInsideNestedLoopForward(h, w, v, outer, inner, tape);
                LoopShapes.IfInsideNestedLoopBackward(tape, 1.0, g[0], g[1], g[2]);
                return g;
            }
            Tensor[] Calls(LoopShapes.CallsALoopTape tape)
            {
                var g = new[] { Tensor.ZerosLike(h), Tensor.ZerosLike(w), Tensor.ZerosLike(b) };
                LoopShapes.CallsALoopForward(h, w, b, outer, inner, tape);
                LoopShapes.CallsALoopBackward(tape, 1.0, g[0], g[1], g[2]);
                return g;
            }
            var (fresh, reused) = (Nested(new LoopShapes.IfInsideNestedLoopTape()), Nested(nested));
            for (int i = 0; i < fresh.Length; i++) Same(fresh[i], reused[i]);
            (fresh, reused) = (Calls(new LoopShapes.CallsALoopTape()), Calls(calls));
            for (int i = 0; i < fresh.Length; i++) Same(fresh[i], reused[i]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Loop_and_if_without_braces(int n)
    {
        var r = new Rng(48);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.WithoutBraces(h, w, n), LoopShapes.WithoutBracesForward(h, w, n, new LoopShapes.WithoutBracesTape()));
        Agrees(LoopShapes.WithoutBracesFunction(h, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Tuple_element_discarded_in_a_loop(int n)
    {
        var r = new Rng(49);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.DiscardInLoop(h, w, n), LoopShapes.DiscardInLoopForward(h, w, n, new LoopShapes.DiscardInLoopTape()));
        Agrees(LoopShapes.DiscardInLoopFunction(h, w, n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Local_declared_in_the_body_and_assigned_in_both_branches(int n)
    {
        var r = new Rng(50);
        Tensor h = N(r, 3), w = N(r, 3, 3);
        Same(LoopShapes.DeclaredThenAssignedInBranches(h, w, n), LoopShapes.DeclaredThenAssignedInBranchesForward(h, w, n, new LoopShapes.DeclaredThenAssignedInBranchesTape()));
        Agrees(LoopShapes.DeclaredThenAssignedInBranchesFunction(h, w, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void If_else_on_passive_values_only(int n)
    {
        var r = new Rng(51);
        var h = N(r, 3);
        Same(LoopShapes.PassiveBranches(h, n), LoopShapes.PassiveBranchesForward(h, n, new LoopShapes.PassiveBranchesTape()));
        Agrees(LoopShapes.PassiveBranchesFunction(h, n));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Calls_in_both_branches_of_a_top_level_if(bool flag)
    {
        var r = new Rng(52);
        Tensor h = N(r, 3), w = N(r, 3, 3), b = N(r, 3);
        Same(LoopShapes.CallInBranches(h, w, b, flag), LoopShapes.CallInBranchesForward(h, w, b, flag, new LoopShapes.CallInBranchesTape()));
        Agrees(LoopShapes.CallInBranchesFunction(h, w, b, flag));
    }
}
