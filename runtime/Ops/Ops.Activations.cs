using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Element-wise non-linearities. Each forward is one TensorPrimitives call; each rule reads what the
/// forward produced (y) where that is cheaper than the input.</summary>
public static partial class Ops
{
    /// <summary>tanh(x).</summary>
    [DerivativeRule(nameof(TanhBackward), Formula = "dx += (1 − y∘y) ∘ dy", Into = nameof(Tanh), Shape = "x", RowWise = "x")]
    public static Tensor Tanh(Tensor x) => Tanh(x, null);

    /// <summary>tanh(x), written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Tanh(Tensor x, Tensor? into) => Unary<TanhFn>("Tanh", x, into);

    /// <summary>dx += (1 − y²) ∘ dy.</summary>
    [RuleReads(nameof(y))]
    public static void TanhBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<TanhFn>("TanhBackward", x, y, dy, dx);

    /// <summary>σ(x) = 1 / (1 + e^−x).</summary>
    [DerivativeRule(nameof(SigmoidBackward), Formula = "dx += y ∘ (1 − y) ∘ dy", Into = nameof(Sigmoid), Shape = "x", RowWise = "x")]
    public static Tensor Sigmoid(Tensor x) => Sigmoid(x, null);

    /// <summary>σ(x), written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Sigmoid(Tensor x, Tensor? into) => Unary<SigmoidFn>("Sigmoid", x, into);

    /// <summary>dx += y ∘ (1 − y) ∘ dy.</summary>
    [RuleReads(nameof(y))]
    public static void SigmoidBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<SigmoidFn>("SigmoidBackward", x, y, dy, dx);

    /// <summary>max(x, 0).</summary>
    [DerivativeRule(nameof(ReluBackward), Formula = "dx += [x > 0] ∘ dy", Into = nameof(Relu), Shape = "x", RowWise = "x")]
    public static Tensor Relu(Tensor x) => Relu(x, null);

    /// <summary>max(x, 0), written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Relu(Tensor x, Tensor? into) => Unary<ReluFn>("Relu", x, into);

    /// <summary>dx += [x &gt; 0] ∘ dy.</summary>
    [RuleReads(nameof(x))]
    public static void ReluBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<ReluFn>("ReluBackward", x, y, dy, dx);

    /// <summary>e^x.</summary>
    [DerivativeRule(nameof(ExpBackward), Formula = "dx += y ∘ dy", Into = nameof(Exp), Shape = "x", RowWise = "x")]
    public static Tensor Exp(Tensor x) => Exp(x, null);

    /// <summary>e^x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Exp(Tensor x, Tensor? into) => Unary<ExpFn>("Exp", x, into);

    /// <summary>dx += y ∘ dy.</summary>
    [RuleReads(nameof(y))]
    public static void ExpBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<ExpFn>("ExpBackward", x, y, dy, dx);

    /// <summary>ln x.</summary>
    [DerivativeRule(nameof(LogBackward), Formula = "dx += dy / x", Into = nameof(Log), Shape = "x", RowWise = "x")]
    public static Tensor Log(Tensor x) => Log(x, null);

    /// <summary>ln x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Log(Tensor x, Tensor? into) => Unary<LogFn>("Log", x, into);

    /// <summary>dx += dy / x.</summary>
    [RuleReads(nameof(x))]
    public static void LogBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<LogFn>("LogBackward", x, y, dy, dx);

    /// <summary>x².</summary>
    [DerivativeRule(nameof(SquareBackward), Formula = "dx += 2·x ∘ dy", Into = nameof(Square), Shape = "x", RowWise = "x")]
    public static Tensor Square(Tensor x) => Square(x, null);

    /// <summary>x², written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Square(Tensor x, Tensor? into) => Unary<SquareFn>("Square", x, into);

    /// <summary>dx += 2x ∘ dy.</summary>
    [RuleReads(nameof(x))]
    public static void SquareBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => UnaryBackward<SquareFn>("SquareBackward", x, y, dy, dx);

    private static Tensor Unary<TFn>(string op, Tensor x, Tensor? into) where TFn : struct, IUnaryFn
    {
        Check.NotNull(op, x);
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) UnaryBlocks<TFn, float>(x.Span<float>(), y.Span<float>(), default, default);
        else UnaryBlocks<TFn, double>(x.Span<double>(), y.Span<double>(), default, default);
        return y;
    }

    private static void UnaryBackward<TFn>(string op, Tensor x, Tensor y, Tensor dy, Tensor? dx) where TFn : struct, IUnaryFn
    {
        Check.NotNull(op, x, y, dy);
        Check.SameShape(op, x, y);
        Check.SameShape(op, y, dy);
        Check.Adjoint(op, "dx", dx, x);
        if (dx is null) return;
        // The rule reads only the tensor its derivative is computed from (see [RuleReads] on each rule).
        var v = default(TFn).FromOutput ? y : x;
        if (x.DType == DType.Float32) UnaryBlocks<TFn, float>(v.Span<float>(), default, dy.Span<float>(), dx.Span<float>());
        else UnaryBlocks<TFn, double>(v.Span<double>(), default, dy.Span<double>(), dx.Span<double>());
    }

    /// <summary>The forward (<paramref name="dx"/> empty: y = f(x)) or the rule (dx += f′ ∘ dy) over element blocks
    /// shared by the kernel threads when large (<see cref="ElementBlocks"/>).</summary>
    private static unsafe void UnaryBlocks<TFn, T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where TFn : struct, IUnaryFn where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, py = y, pdy = dy, pdx = dx)
        {
            var job = new UnaryJob<T> { X = px, Y = py, Dy = pdy, Dx = pdx };
            int cost = dx.IsEmpty ? default(TFn).ForwardCost : default(TFn).BackwardCost;
            ElementBlocks.For(1, x.Length, splitRows: true, cost, &UnaryBlock<TFn, T>, &job);
        }
    }

    private unsafe struct UnaryJob<T> where T : unmanaged
    {
        public T* X, Y, Dy, Dx;
    }

    private static unsafe void UnaryBlock<TFn, T>(void* state, ElementBlocks.Block block)
        where TFn : struct, IUnaryFn where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(UnaryJob<T>*)state;
        int start = block.Col0, n = block.Col1 - block.Col0;
        // Forward: X is x, Y is y. Rule: X is what the derivative is computed from (y or x), and there is no Y.
        var x = new ReadOnlySpan<T>(job.X + start, n);
        if (job.Dx is null) default(TFn).Forward<T>(x, new Span<T>(job.Y + start, n));
        else default(TFn).Backward<T>(x, new ReadOnlySpan<T>(job.Dy + start, n), new Span<T>(job.Dx + start, n));
    }

    /// <summary>dx += f′ ∘ dy one element at a time, f′ from <see cref="IUnaryFn.Derivative"/>.</summary>
    private static void BackwardByElement<TFn, T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx)
        where TFn : struct, IUnaryFn where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dx.Length; i++) dx[i] += default(TFn).Derivative(v[i]) * dy[i];
    }

    /// <summary>Elements per chunk of the vectorised backward passes: the chunk's scratch stays in L1.</summary>
    private const int Chunk = 256;

    /// <summary>The backward of σ and tanh from their output y, in vectorised passes over L1-sized chunks: with
    /// <paramref name="sigmoid"/>, dx += y∘dy − y∘(y∘dy) = y(1 − y)∘dy; else dx += dy − y∘(y∘dy) = (1 − y²)∘dy.</summary>
    private static void SquashBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, bool sigmoid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scratch = stackalloc T[Chunk];
        for (int start = 0; start < dx.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, dx.Length - start);
            var yc = y.Slice(start, n);
            var dyc = dy.Slice(start, n);
            var dxc = dx.Slice(start, n);
            var t = scratch[..n];
            TensorPrimitives.Multiply(yc, dyc, t);          // t = y∘dy
            TensorPrimitives.Add(dxc, sigmoid ? t : dyc, dxc);  // dx += y∘dy (σ) or dy (tanh)
            TensorPrimitives.Multiply(yc, t, t);            // t = y∘y∘dy
            TensorPrimitives.Subtract(dxc, t, dxc);         // dx −= y²∘dy
        }
    }

    /// <summary>An element-wise function: its vectorised forward and its derivative at one element.</summary>
    private interface IUnaryFn
    {
        /// <summary>The cost of one element forward and in the rule, in vectorised adds (<see cref="ElementBlocks.MinWork"/>).</summary>
        int ForwardCost { get; }

        int BackwardCost { get; }

        void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

        /// <summary>Whether the derivative is computed from the output y (tanh, σ, exp) rather than the input x: the one
        /// value the rule reads.</summary>
        bool FromOutput { get; }

        /// <summary>dy/dx at one element, from v: the output y when <see cref="FromOutput"/>, else the input x.</summary>
        T Derivative<T>(T v) where T : unmanaged, IFloatingPointIeee754<T>;

        /// <summary>dx += f′ ∘ dy over the whole span, f′ from v (y or x, as <see cref="FromOutput"/> says).</summary>
        void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private readonly struct TanhFn : IUnaryFn
    {
        public int ForwardCost => 8;

        public int BackwardCost => 4;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, y);

        public bool FromOutput => true;

        public T Derivative<T>(T y) where T : unmanaged, IFloatingPointIeee754<T> => T.One - y * y;

        public void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            SquashBackward(y, dy, dx, sigmoid: false);
    }

    private readonly struct SigmoidFn : IUnaryFn
    {
        public int ForwardCost => 8;

        public int BackwardCost => 4;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, y);

        public bool FromOutput => true;

        public T Derivative<T>(T y) where T : unmanaged, IFloatingPointIeee754<T> => y * (T.One - y);

        public void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            SquashBackward(y, dy, dx, sigmoid: true);
    }

    private readonly struct ReluFn : IUnaryFn
    {
        public int ForwardCost => 1;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, T.Zero, y);

        public bool FromOutput => false;

        public T Derivative<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? T.One : T.Zero;

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<ReluFn, T>(v, dy, dx);
    }

    private readonly struct ExpFn : IUnaryFn
    {
        public int ForwardCost => 8;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, y);

        public bool FromOutput => true;

        public T Derivative<T>(T y) where T : unmanaged, IFloatingPointIeee754<T> => y;

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<ExpFn, T>(v, dy, dx);
    }

    private readonly struct LogFn : IUnaryFn
    {
        public int ForwardCost => 8;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, y);

        public bool FromOutput => false;

        public T Derivative<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / x;

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<LogFn, T>(v, dy, dx);
    }

    private readonly struct SquareFn : IUnaryFn
    {
        public int ForwardCost => 1;

        public int BackwardCost => 8;

        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, x, y);

        public bool FromOutput => false;

        public T Derivative<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x + x;

        public void Backward<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            BackwardByElement<SquareFn, T>(v, dy, dx);
    }
}
