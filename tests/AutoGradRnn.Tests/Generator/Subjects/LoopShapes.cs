using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>Loop and branch shapes that reverse-mode tools have shipped bugs on, one [Differentiable] method each;
/// <c>LoopShapeTests</c> checks every one against float64 central differences and against the method run directly.</summary>
public static partial class LoopShapes
{
    // (a) ---------------------------------------------------------------------------------------------------------

    /// <summary>Values defined before the loop: <c>a</c> is read inside the loop and after it, <c>b</c> only after it.</summary>
    [Differentiable]
    public static double DefinedBeforeReadAfter(Tensor x, Tensor w, int n)
    {
        var a = Tanh(w * x);
        var b = Sigmoid(x);
        var h = x;
        for (int t = 0; t < n; t++)
        {
            h = Tanh(h * a + x);
        }
        return Sum(h * a) + Dot(b, a) + Sum(b);
    }

    // (b) ---------------------------------------------------------------------------------------------------------

    /// <summary>The carried value is assigned twice in one iteration; the second assignment reads the first.</summary>
    [Differentiable]
    public static double OverwrittenTwice(Tensor h, Tensor w, Tensor u, int n)
    {
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h));
            h = h * u + h;
        }
        return Sum(h * h);
    }

    /// <summary>The carried value is overwritten from scratch every iteration: it never reads its previous value, so
    /// only the last iteration's write reaches the result.</summary>
    [Differentiable]
    public static double LastWriteWins(Tensor x, Tensor w, int n)
    {
        var h = x;
        for (int t = 0; t < n; t++)
        {
            h = Tanh(x * w);
        }
        return Sum(h * h);
    }

    /// <summary>Overwritten from scratch, and also read before the overwrite (into a side sum).</summary>
    [Differentiable]
    public static double OverwrittenAfterRead(Tensor x, Tensor w, int n)
    {
        var h = x;
        double acc = 0;
        for (int t = 0; t < n; t++)
        {
            acc += Dot(h, w);
            h = Tanh(x * w);
            h = Sigmoid(h * x);
        }
        return acc + Sum(h);
    }

    // (c) ---------------------------------------------------------------------------------------------------------

    /// <summary>A carried value read before its update in the same iteration, through an alias after it, and the
    /// updated value read after it.</summary>
    [Differentiable]
    public static double ReadBeforeAndAfterUpdate(Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            loss += Dot(h, h);
            var old = h;
            h = Tanh(MatVec(w, h));
            loss += Dot(old, h);
            loss += Sum(h);
        }
        return loss;
    }

    // (d) ---------------------------------------------------------------------------------------------------------

    /// <summary>An Elman-style recurrence returning the final state (checked with n = 0 too: the result is then h itself).</summary>
    [Differentiable]
    public static Tensor Recurrence(Tensor h, Tensor w, Tensor b, int n)
    {
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h) + b);
        }
        return h;
    }

    /// <summary>A scalar accumulated from an initial value that depends on h (with n = 0 the loss is Sum(h) alone).</summary>
    [Differentiable]
    public static double AccumulateFrom(Tensor h, Tensor w, int n)
    {
        double loss = Sum(h * h);
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h));
            loss += Sum(h);
        }
        return loss;
    }

    // (e) ---------------------------------------------------------------------------------------------------------

    /// <summary>A loop whose result nobody reads.</summary>
    [Differentiable]
    public static double UnusedLoop(Tensor x, int n)
    {
        var g = x;
        for (int t = 0; t < n; t++)
        {
            g = Tanh(g * x);
        }
        return Sum(x * x);
    }

    /// <summary>The carried state is unused after the loop; only a side accumulation of it is returned.</summary>
    [Differentiable]
    public static double SideAccumulation(Tensor h, Tensor w, int n)
    {
        double acc = 0;
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h));
            acc += Sum(h);
        }
        return acc;
    }

    // (f) ---------------------------------------------------------------------------------------------------------

    /// <summary>An if without else inside the loop: the update runs in some iterations only.</summary>
    [Differentiable]
    public static double SomeIterations(Tensor h, Tensor w, Tensor u, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            if (t % 3 == 1)
            {
                h = Tanh(MatVec(w, h));
            }
            h = h * u;
            loss += Sum(h);
        }
        return loss;
    }

    /// <summary>An if/else at the top level, outside any loop.</summary>
    [Differentiable]
    public static double TopLevelIfElse(Tensor x, Tensor w, bool flag)
    {
        var y = x * w;
        Tensor z;
        if (flag)
        {
            z = Tanh(y);
        }
        else
        {
            z = Sigmoid(y) * x;
        }
        return Sum(z * y);
    }

    /// <summary>An else-if chain choosing one of three updates, with a value assigned in only some branches.</summary>
    [Differentiable]
    public static double ElseIfChain(Tensor x, Tensor w, int mode)
    {
        var y = x;
        double extra = 0;
        if (mode == 0)
        {
            y = Tanh(x * w);
        }
        else if (mode == 1)
        {
            y = Sigmoid(x) * w;
            extra = Dot(y, x);
        }
        else
        {
            extra = Sum(w * w);
        }
        return Sum(y * x) + extra;
    }

    /// <summary>The branch taken depends on the data (the sign of a value that carries gradient).</summary>
    [Differentiable]
    public static double DataDependentBranch(Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            var s = Sum(h);
            if (s > 0)
            {
                h = Tanh(MatVec(w, h));
            }
            else
            {
                h = Sigmoid(MatVec(w, h)) - h;
            }
            loss += s * Sum(h);
        }
        return loss;
    }

    // (g) ---------------------------------------------------------------------------------------------------------

    /// <summary>Two carried values swapped every iteration by deconstruction from a tuple literal.</summary>
    [Differentiable]
    public static double SwapByTuple(Tensor a, Tensor b, Tensor w, Tensor u, int n)
    {
        for (int t = 0; t < n; t++)
        {
            a = Tanh(a * w + b);
            (a, b) = (b, a);
        }
        return Sum(a * u) + 2 * Sum(b * b);
    }

    /// <summary>The same swap through a temporary.</summary>
    [Differentiable]
    public static double SwapByTemp(Tensor a, Tensor b, Tensor w, Tensor u, int n)
    {
        for (int t = 0; t < n; t++)
        {
            a = Tanh(a * w + b);
            var tmp = a;
            a = b;
            b = tmp;
        }
        return Sum(a * u) + 2 * Sum(b * b);
    }

    /// <summary>Nothing but a swap in the loop body (a pure permutation of the carried values).</summary>
    [Differentiable]
    public static double PureSwap(Tensor a, Tensor b, Tensor u, int n)
    {
        for (int t = 0; t < n; t++)
        {
            (a, b) = (b, a);
        }
        return Sum(a * u) + 3 * Sum(b * b);
    }

    /// <summary>Three carried values rotated, with a scalar swapped alongside.</summary>
    [Differentiable]
    public static double Rotate(Tensor a, Tensor b, Tensor c, double p, double q, int n)
    {
        for (int t = 0; t < n; t++)
        {
            (a, b, c) = (b, c, Tanh(a));
            (p, q) = (q, p * 1.5);
        }
        return Sum(a) + 2 * Sum(b * b) + 3 * Dot(c, a) + p * Sum(c) - q;
    }

    // (h) ---------------------------------------------------------------------------------------------------------

    /// <summary>Nested loops with a scalar accumulated across both and a state carried through both.</summary>
    [Differentiable]
    public static double NestedAccumulate(Tensor h, Tensor w, Tensor u, int outer, int inner)
    {
        double acc = 0;
        for (int i = 0; i < outer; i++)
        {
            for (int j = 0; j < inner; j++)
            {
                h = Tanh(MatVec(w, h) + u);
                acc += Dot(h, u) * (i + 1);
            }
            acc += Sum(h);
            h = h * u;
        }
        return acc;
    }

    /// <summary>An inner loop whose trip count depends on the outer counter (0, 1, 2, … trips).</summary>
    [Differentiable]
    public static double TriangularNest(Tensor h, Tensor w, int outer)
    {
        double acc = 0;
        for (int i = 0; i < outer; i++)
        {
            var g = h;
            for (int j = 0; j < i; j++)
            {
                g = Tanh(MatVec(w, g));
            }
            acc += Dot(g, h);
            h = Sigmoid(g);
        }
        return acc + Sum(h);
    }

    // (i) ---------------------------------------------------------------------------------------------------------

    /// <summary>A loop inside an if (the else branch has no loop).</summary>
    [Differentiable]
    public static double LoopInsideIf(Tensor h, Tensor w, int n, bool flag)
    {
        if (flag)
        {
            for (int t = 0; t < n; t++)
            {
                h = Tanh(MatVec(w, h));
            }
        }
        else
        {
            h = h * Sum(w);
        }
        return Sum(h * h);
    }

    /// <summary>An if inside the inner loop of a nest, choosing the update by both counters.</summary>
    [Differentiable]
    public static double IfInsideNestedLoop(Tensor h, Tensor w, Tensor v, int outer, int inner)
    {
        double loss = 0;
        for (int i = 0; i < outer; i++)
        {
            for (int j = 0; j < inner; j++)
            {
                if ((i + j) % 2 == 0)
                {
                    h = Tanh(MatVec(w, h));
                }
                else
                {
                    h = Sigmoid(MatVec(v, h)) * h;
                    loss += Sum(h);
                }
            }
            loss += Dot(h, h);
        }
        return loss;
    }

    // (j) ---------------------------------------------------------------------------------------------------------

    /// <summary>The bound is a tensor's shape: one iteration per row of xs [T, E].</summary>
    [Differentiable]
    public static Tensor ShapeBound(Tensor xs, Tensor h, Tensor w)
    {
        for (int t = 0; t < xs.Shape[0]; t++)
        {
            h = Tanh(MatVec(w, Concat(Embedding(xs, t), h)));
        }
        return h;
    }

    /// <summary>The rows of xs backwards (a reversed loop), bounded by Length and Shape.Last.</summary>
    [Differentiable]
    public static Tensor ReversedShapeBound(Tensor xs, Tensor h, Tensor w)
    {
        for (int t = xs.Length / xs.Shape.Last - 1; t >= 0; t--)
        {
            h = Tanh(MatVec(w, Concat(Embedding(xs, t), h)));
        }
        return h;
    }

    /// <summary>An int parameter bound, two counters in the header, and a stride of 2.</summary>
    [Differentiable]
    public static double TwoCountersAndStride(Tensor xs, Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0, u = n - 1; t < n; t += 2, u -= 2)
        {
            h = Tanh(MatVec(w, Concat(Embedding(xs, t), h)));
            loss += Dot(h, Embedding(xs, u));
        }
        return loss;
    }

    /// <summary>Two loops in a row over the same carried variable, the counter declared outside the second one.</summary>
    [Differentiable]
    public static double SequentialLoops(Tensor h, Tensor w, Tensor v, int n)
    {
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h));
        }
        int s;
        for (s = 0; s < n + 1; s++)
        {
            h = Sigmoid(MatVec(v, h)) + h;
        }
        return Sum(h) * s;
    }

    // (k) ---------------------------------------------------------------------------------------------------------

    /// <summary>A passive int updated in the loop and used as an index (a slice part), and the counter used as a double.</summary>
    [Differentiable]
    public static double PassiveIndex(Tensor x, Tensor h, int n, int parts)
    {
        double loss = 0;
        int pos = 0;
        for (int t = 0; t < n; t++)
        {
            var part = Slice(x, pos, parts);
            h = Tanh(h * part + part);
            loss += (t + 1) * Sum(h) + 0.5 * t * Dot(h, part);
            pos += 2;
            if (pos >= parts)
            {
                pos -= parts - 1;
            }
        }
        return loss;
    }

    // (l) ---------------------------------------------------------------------------------------------------------

    /// <summary>A double argument carried through the loop with double arithmetic (+ − * / and negation).</summary>
    [Differentiable]
    public static double ScalarDecay(Tensor h, Tensor w, double decay, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            h = Tanh(MatVec(w, h)) * decay;
            loss += decay * Sum(h);
            decay *= 0.5;
            decay = decay + decay * decay / (1 + decay) - -0.01;
        }
        return loss + decay * decay;
    }

    // Other shapes -------------------------------------------------------------------------------------------------

    /// <summary>A carried value reset to an argument each iteration after being read: the argument's adjoint collects
    /// one contribution per iteration from the start of the next.</summary>
    [Differentiable]
    public static double ResetEachIteration(Tensor h0, Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            loss += Sum(Tanh(MatVec(w, h)));
            h = h0;
        }
        return loss + Dot(h, h);
    }

    /// <summary>Names the generated code also wants: a counter named k, locals named tape, trips, first, taken, dh.</summary>
    [Differentiable]
    public static double NameClashes(Tensor h, Tensor w, int n)
    {
        int tape = 1;
        double trips = 0;
        for (int k = 0; k < n; k++)
        {
            for (int first = 0; first < 2; first++)
            {
                var dh = Tanh(MatVec(w, h));
                bool taken = first == 1;
                if (taken)
                {
                    h = dh;
                }
                trips += Sum(dh) * tape;
            }
        }
        return trips + Sum(h);
    }

    /// <summary>A carried value whose end of iteration is a constant (no gradient) built in the body.</summary>
    [Differentiable]
    public static double ConstantAtEndOfIteration(Tensor x, int n)
    {
        var h = x;
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            loss += Dot(h, x);
            h = Tensor.Zeros(DType.Float64, 3);
        }
        return loss + Sum(h * x);
    }

    /// <summary>An inner loop inside an if inside an outer loop: the inner loop runs in some outer iterations only.</summary>
    [Differentiable]
    public static double LoopInsideIfInsideLoop(Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                for (int j = 0; j < i + 1; j++)
                {
                    h = Tanh(MatVec(w, h));
                }
            }
            loss += Sum(h) * (i + 1);
        }
        return loss;
    }

    /// <summary>A swap in some iterations only.</summary>
    [Differentiable]
    public static double ConditionalSwap(Tensor a, Tensor b, Tensor w, int n)
    {
        for (int t = 0; t < n; t++)
        {
            a = a * w;
            if (t % 3 != 1)
            {
                (a, b) = (b, a);
            }
        }
        return Sum(a) + 2 * Sum(b * b);
    }

    /// <summary>A loop whose body calls a [Differentiable] method that has a loop of its own.</summary>
    [Differentiable]
    public static double CallsALoop(Tensor h, Tensor w, Tensor b, int n, int inner)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            h = Recurrence(h, w, b, inner) * 0.9;
            loss += Sum(h * h);
            loss = -loss * 0.5 + Sum(h);
        }
        return loss;
    }

    /// <summary>A loop counter of a differentiable type (double): it is not differentiated, only read as a number.</summary>
    [Differentiable]
    public static double DoubleCounter(Tensor h)
    {
        double loss = 0;
        for (double s = 0.5; s < 2; s += 0.5)
        {
            h = h * s;
            loss += Sum(h) * s;
        }
        return loss;
    }

    /// <summary>Container tensors read inside a loop and inside an if in it.</summary>
    [Differentiable]
    public static double ContainerInLoop(LoopWeights p, int[] inputs, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = Tanh(Embedding(p.Wxh, inputs[t]) + MatVec(p.Whh, h) + p.Bh);
            if (t % 2 == 1)
            {
                loss += Dot(h, p.Bh);
            }
            loss += Sum(h);
        }
        return loss;
    }

    /// <summary>One step reading a container, called from a loop.</summary>
    [Differentiable]
    public static Tensor ContainerStep(LoopWeights p, int token, Tensor h) => Tanh(Embedding(p.Wxh, token) + MatVec(p.Whh, h) + p.Bh);

    /// <summary>A loop whose body passes the container to a [Differentiable] step.</summary>
    [Differentiable]
    public static double ContainerCallInLoop(LoopWeights p, int[] inputs, Tensor h)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = ContainerStep(p, inputs[t], h);
            loss += Dot(h, h);
        }
        return loss;
    }

    /// <summary>A loop body and its if/else without braces.</summary>
    [Differentiable]
    public static double WithoutBraces(Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
            if (t % 2 == 0) h = Tanh(MatVec(w, h));
            else loss += Sum(h);
        return loss + Sum(h);
    }

    /// <summary>A tuple-returning call in a loop with one element discarded.</summary>
    [Differentiable]
    public static double DiscardInLoop(Tensor h, Tensor w, int n)
    {
        for (int t = 0; t < n; t++)
        {
            (h, _) = TwoOutputs(h, w);
        }
        return Sum(h);
    }

    [Differentiable]
    public static (Tensor A, Tensor B) TwoOutputs(Tensor h, Tensor w) => (Tanh(MatVec(w, h)), Sigmoid(h));

    /// <summary>A local declared in the loop body without a value, assigned in both branches, read after the if.</summary>
    [Differentiable]
    public static double DeclaredThenAssignedInBranches(Tensor h, Tensor w, int n)
    {
        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            Tensor z;
            if (t == 0)
            {
                z = h;
            }
            else
            {
                z = Tanh(MatVec(w, h));
            }
            h = z * z;
            loss += Sum(z);
        }
        return loss;
    }

    /// <summary>An if/else on passive values only, inside a loop, feeding a number the loss is scaled by.</summary>
    [Differentiable]
    public static double PassiveBranches(Tensor h, int n)
    {
        double loss = 0;
        int c = 0;
        for (int t = 0; t < n; t++)
        {
            if (t > 2)
            {
                c++;
            }
            else
            {
                c += 2;
            }
            loss += Sum(h * h) * c;
        }
        return loss;
    }

    /// <summary>Calls of a [Differentiable] method in both branches of a top-level if.</summary>
    [Differentiable]
    public static double CallInBranches(Tensor h, Tensor w, Tensor b, bool flag)
    {
        if (flag)
        {
            h = Recurrence(h, w, b, 2);
        }
        else
        {
            h = Recurrence(Recurrence(h, w, b, 1), w, b, 3);
        }
        return Sum(h * h);
    }
}

/// <summary>Elman weights as a parameter container, for loops that read a container.</summary>
[Parameters]
public sealed partial class LoopWeights
{
    public Tensor Wxh = null!;
    public Tensor Whh = null!;
    public Tensor Bh = null!;
}
