using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Fused primitives: one call, and one rule call, where a method composes several element-wise primitives and
/// nothing else reads the values in between. Each says on itself which composition it replaces
/// (<see cref="FusesAttribute"/>); the generator substitutes it wherever the composition appears, in any user's cell.
/// Each computes exactly the bits of its composition; its rule writes the adjoints of the composition's inputs directly.</summary>
public static partial class Ops
{
    // ---- σ and tanh of a gate block -----------------------------------------------------------------------

    /// <summary>σ(part <paramref name="index"/> of <paramref name="count"/> of the last axis of x): <c>Sigmoid(Slice(x, index, count))</c>
    /// without the slice as a tensor of its own.</summary>
    [Fuses("Sigmoid(Slice(x, index, count))")]
    [DerivativeRule(nameof(SigmoidOfSliceBackward), Formula = "dx[…, part index of count] += y ∘ (1 − y) ∘ dy", Into = nameof(SigmoidOfSlice), Shape = "x[..-1], x[-1] / count",
        RowWise = "x")]
    public static Tensor SigmoidOfSlice(Tensor x, int index, int count) => SigmoidOfSlice(x, index, count, null);

    /// <summary>σ of a part of x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor SigmoidOfSlice(Tensor x, int index, int count, Tensor? into) => UnaryOfSlice<SigmoidFn>("SigmoidOfSlice", x, index, count, into);

    /// <summary>dx[…, part] += y ∘ (1 − y) ∘ dy.</summary>
    [RuleReads(nameof(y))]
    public static void SigmoidOfSliceBackward(Tensor x, int index, int count, Tensor y, Tensor dy, Tensor? dx) =>
        UnaryOfSliceBackward<SigmoidFn>("SigmoidOfSliceBackward", x, index, count, y, dy, dx);

    /// <summary>tanh(part <paramref name="index"/> of <paramref name="count"/> of the last axis of x): <c>Tanh(Slice(x, index, count))</c>
    /// without the slice as a tensor of its own.</summary>
    [Fuses("Tanh(Slice(x, index, count))")]
    [DerivativeRule(nameof(TanhOfSliceBackward), Formula = "dx[…, part index of count] += (1 − y∘y) ∘ dy", Into = nameof(TanhOfSlice), Shape = "x[..-1], x[-1] / count",
        RowWise = "x")]
    public static Tensor TanhOfSlice(Tensor x, int index, int count) => TanhOfSlice(x, index, count, null);

    /// <summary>tanh of a part of x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor TanhOfSlice(Tensor x, int index, int count, Tensor? into) => UnaryOfSlice<TanhFn>("TanhOfSlice", x, index, count, into);

    /// <summary>dx[…, part] += (1 − y²) ∘ dy.</summary>
    [RuleReads(nameof(y))]
    public static void TanhOfSliceBackward(Tensor x, int index, int count, Tensor y, Tensor dy, Tensor? dx) =>
        UnaryOfSliceBackward<TanhFn>("TanhOfSliceBackward", x, index, count, y, dy, dx);

    /// <summary>The part's rows are copied into y and f runs over y in place, in the blocks <see cref="Unary{TFn}"/> would
    /// cut: the bits of f(Slice(x, …)), whose vectorised tails depend on the span's length.</summary>
    private static Tensor UnaryOfSlice<TFn>(string op, Tensor x, int index, int count, Tensor? into) where TFn : struct, IUnaryFn
    {
        Check.NotNull(op, x);
        var (start, length) = PartRange(op, x, index, count);
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape.WithLast(length), zero: false);
        if (x.DType == DType.Float32)
        {
            RangeRows<float>(x, y, start, forward: true);
            UnaryBlocks<TFn, float>(y.Span<float>(), y.Span<float>(), default, default);
        }
        else
        {
            RangeRows<double>(x, y, start, forward: true);
            UnaryBlocks<TFn, double>(y.Span<double>(), y.Span<double>(), default, default);
        }
        return y;
    }

    private static unsafe void UnaryOfSliceBackward<TFn>(string op, Tensor x, int index, int count, Tensor y, Tensor dy, Tensor? dx) where TFn : struct, IUnaryFn
    {
        Check.NotNull(op, x, y, dy);
        var (start, length) = PartRange(op, x, index, count);
        var part = x.Shape.WithLast(length);
        if (y.Shape != part || y.DType != x.DType)
            throw new ShapeException(op, $"the result y is {y.DType} {y.Shape}; part {index} of {count} of x {x.Shape} is {x.DType} {part}.");
        Check.SameShape(op, y, dy);
        Check.Adjoint(op, "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) SliceRuleBlocks<TFn, float>(default(TFn).FromOutput ? y : x, dy, dx, start, length);
        else SliceRuleBlocks<TFn, double>(default(TFn).FromOutput ? y : x, dy, dx, start, length);
    }

    /// <summary>dx[…, start : start + length] += f′ ∘ dy, row by row, in <see cref="ElementBlocks"/> when large; f′ from
    /// <paramref name="v"/>: the result y ([rows, length]) or the input x ([rows, cols]), as <see cref="IUnaryFn.FromOutput"/> says.</summary>
    private static unsafe void SliceRuleBlocks<TFn, T>(Tensor v, Tensor dy, Tensor dx, int start, int length)
        where TFn : struct, IUnaryFn where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = dx.Shape.Last, rows = dx.Shape.Rows;
        bool fromOutput = default(TFn).FromOutput;
        fixed (T* pv = v.Span<T>(), pdy = dy.Span<T>(), pdx = dx.Span<T>())
        {
            var job = new SliceRuleJob<T>
            {
                V = pv + (fromOutput ? 0 : start), VStride = fromOutput ? length : cols, Dy = pdy, Dx = pdx + start, DxStride = cols, Length = length,
            };
            ElementBlocks.For(rows, length, splitRows: true, default(TFn).BackwardCost, &SliceRuleBlock<TFn, T>, &job);
        }
    }

    private unsafe struct SliceRuleJob<T> where T : unmanaged
    {
        public T* V, Dy, Dx;
        public int VStride, DxStride, Length;
    }

    private static unsafe void SliceRuleBlock<TFn, T>(void* state, ElementBlocks.Block block)
        where TFn : struct, IUnaryFn where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(SliceRuleJob<T>*)state;
        int c0 = block.Col0, n = block.Col1 - block.Col0;
        for (int r = block.Row0; r < block.Row1; r++)
            default(TFn).Backward<T>(new ReadOnlySpan<T>(job.V + (nint)r * job.VStride + c0, n), new ReadOnlySpan<T>(job.Dy + (nint)r * job.Length + c0, n),
                new Span<T>(job.Dx + (nint)r * job.DxStride + c0, n));
    }

    // ---- a∘b + c∘d --------------------------------------------------------------------------------------------

    /// <summary>a ∘ b + c ∘ d, element-wise (an LSTM's cell update f∘c + i∘g): <c>Add(Multiply(a, b), Multiply(c, d))</c> in
    /// one pass, with the same bits. A vector operand is repeated over the rows as the composition repeats it.</summary>
    [Fuses("Add(Multiply(a, b), Multiply(c, d))")]
    [DerivativeRule(nameof(AddProductsBackward), Formula = "da += dy ∘ b; db += dy ∘ a; dc += dy ∘ d; dd += dy ∘ c", Into = nameof(AddProducts),
        Shape = "broadcast(a, b, c, d)", RowWise = "a, b, c, d")]
    public static Tensor AddProducts(Tensor a, Tensor b, Tensor c, Tensor d) => AddProducts(a, b, c, d, null);

    /// <summary>a ∘ b + c ∘ d, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor AddProducts(Tensor a, Tensor b, Tensor c, Tensor d, Tensor? into)
    {
        Check.NotNull("AddProducts", a, b, c, d);
        const string op = "AddProducts";
        var layout = ProductsLayout.Of(op, a, b, c, d);
        Check.NotAnInput(op, into, a, b);
        Check.NotAnInput(op, into, c, d);
        var y = Tensor.Reuse(into, a.DType, layout.Result, zero: false);
        if (a.DType == DType.Float32) ProductsBlocks<float>(layout, a, b, c, d, y, null, null, null, null, null);
        else ProductsBlocks<double>(layout, a, b, c, d, y, null, null, null, null, null);
        return y;
    }

    /// <summary>da += dy ∘ b, db += dy ∘ a, dc += dy ∘ d, dd += dy ∘ c (summed over the rows a vector operand was repeated on).</summary>
    [RuleReads(nameof(a), nameof(b), nameof(c), nameof(d))]
    public static void AddProductsBackward(Tensor a, Tensor b, Tensor c, Tensor d, Tensor y, Tensor dy, Tensor? da, Tensor? db, Tensor? dc, Tensor? dd)
    {
        Check.NotNull("AddProductsBackward", a, b, c, d, y, dy);
        const string op = "AddProductsBackward";
        var layout = ProductsLayout.Of(op, a, b, c, d);
        if (dy.Shape != layout.Result || dy.DType != a.DType) throw new ShapeException(op, $"adjoint dy is {dy.DType} {dy.Shape}, the result is {a.DType} {layout.Result}.");
        Check.Adjoint(op, "da", da, a);
        Check.Adjoint(op, "db", db, b);
        Check.Adjoint(op, "dc", dc, c);
        Check.Adjoint(op, "dd", dd, d);
        if (da is null && db is null && dc is null && dd is null) return;
        if (a.DType == DType.Float32) ProductsBlocks<float>(layout, a, b, c, d, null, dy, da, db, dc, dd);
        else ProductsBlocks<double>(layout, a, b, c, d, null, dy, da, db, dc, dd);
    }

    /// <summary>The composition's result and which operands are vectors repeated over its rows, checked as the composition
    /// checks them (each product, then their sum: <see cref="RowBroadcast"/>). With none repeated the work is one flat row.</summary>
    private readonly record struct ProductsLayout(Shape Result, int Rows, int Cols, bool A, bool B, bool C, bool D)
    {
        public static ProductsLayout Of(string op, Tensor a, Tensor b, Tensor c, Tensor d)
        {
            var p = RowBroadcast.Of(op, a, b).Result;
            var q = RowBroadcast.Of(op, c, d).Result;
            Check.SameDType(op, a, c);
            var result = RowBroadcast.Of(op, p, q).Result;
            bool ra = a.Shape != result, rb = b.Shape != result, rc = c.Shape != result, rd = d.Shape != result;
            return ra || rb || rc || rd
                ? new ProductsLayout(result, result.Rows, result.Last, ra, rb, rc, rd)
                : new ProductsLayout(result, 1, result.Size, false, false, false, false);
        }
    }

    /// <summary>Forward (<paramref name="y"/> given): y = a∘b, then y += c∘d, rounded as the composition rounds. Rule
    /// (<paramref name="dy"/> given): each wanted adjoint += dy ∘ its partner; a repeated operand's adjoint sums over the
    /// rows in row order, so its blocks keep the rows whole (column blocks), as <c>BinaryBlocks</c> does.</summary>
    private static unsafe void ProductsBlocks<T>(ProductsLayout layout, Tensor a, Tensor b, Tensor c, Tensor d, Tensor? y, Tensor? dy,
        Tensor? da, Tensor? db, Tensor? dc, Tensor? dd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Only the operands the work reads are reached: a rule's unwanted partner may be a tensor that holds only a shape.
        Span<T> sa = y is not null || db is not null ? a.Span<T>() : default, sb = y is not null || da is not null ? b.Span<T>() : default;
        Span<T> sc = y is not null || dd is not null ? c.Span<T>() : default, sd = y is not null || dc is not null ? d.Span<T>() : default;
        bool splitRows = !(layout.A && da is not null) && !(layout.B && db is not null) && !(layout.C && dc is not null) && !(layout.D && dd is not null);
        fixed (T* pa = sa, pb = sb, pc = sc, pd = sd, py = Storage<T>(y), pdy = Storage<T>(dy))
        fixed (T* pda = Storage<T>(da), pdb = Storage<T>(db), pdc = Storage<T>(dc), pdd = Storage<T>(dd))
        {
            var job = new ProductsJob<T> { Layout = layout, A = pa, B = pb, C = pc, D = pd, Y = py, Dy = pdy, Da = pda, Db = pdb, Dc = pdc, Dd = pdd };
            ElementBlocks.For(layout.Rows, layout.Cols, splitRows, y is not null ? 2 : 4, &ProductsBlock<T>, &job);
        }
    }

    private unsafe struct ProductsJob<T> where T : unmanaged
    {
        public ProductsLayout Layout;
        public T* A, B, C, D, Y, Dy, Da, Db, Dc, Dd;

        /// <summary>Columns [c0, c1) of row r of <paramref name="p"/>: a repeated operand's row is the whole vector.</summary>
        public readonly Span<T> Row(T* p, bool repeated, int r, int c0, int c1) =>
            p is null ? default : new Span<T>(p + (repeated ? 0 : (nint)r * Layout.Cols) + c0, c1 - c0);
    }

    private static unsafe void ProductsBlock<T>(void* state, ElementBlocks.Block block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(ProductsJob<T>*)state;
        var l = job.Layout;
        int c0 = block.Col0, c1 = block.Col1;
        for (int r = block.Row0; r < block.Row1; r++)
        {
            Span<T> a = job.Row(job.A, l.A, r, c0, c1), b = job.Row(job.B, l.B, r, c0, c1), c = job.Row(job.C, l.C, r, c0, c1), d = job.Row(job.D, l.D, r, c0, c1);
            if (job.Y is not null)
            {
                var y = job.Row(job.Y, false, r, c0, c1);
                TensorPrimitives.Multiply(a, b, y);
                TensorPrimitives.MultiplyAdd(c, d, y, y);
                continue;
            }
            var dy = job.Row(job.Dy, false, r, c0, c1);
            AddProduct(dy, b, job.Row(job.Da, l.A, r, c0, c1));
            AddProduct(dy, a, job.Row(job.Db, l.B, r, c0, c1));
            AddProduct(dy, d, job.Row(job.Dc, l.C, r, c0, c1));
            AddProduct(dy, c, job.Row(job.Dd, l.D, r, c0, c1));
        }
    }

    /// <summary>adjoint += dy ∘ partner, when the adjoint is wanted (not empty).</summary>
    private static void AddProduct<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> partner, Span<T> adjoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!adjoint.IsEmpty) TensorPrimitives.MultiplyAdd(dy, partner, adjoint, adjoint);
    }
}
