using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>The primitives. Each is a public method whose vector-Jacobian product sits beside it, linked by
/// <see cref="DerivativeRuleAttribute"/>. This file: element-wise arithmetic with row broadcasting.</summary>
public static partial class Ops
{
    // ---- a + b ------------------------------------------------------------------------------------------

    /// <summary>a + b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(AddBackward), Formula = "da += dy; db += dy", Into = nameof(Add), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor Add(Tensor a, Tensor b) => Add(a, b, null);

    /// <summary>a + b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Add(Tensor a, Tensor b, Tensor? into) => Binary<AddRow>("Add", a, b, into);

    /// <summary>da += dy, db += dy (summed over the rows a vector operand was repeated on).</summary>
    [RuleReads]
    public static void AddBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) =>
        BinaryBackward<AddRule>("AddBackward", a, b, y, dy, da, db, 1.0);

    // ---- a − b ------------------------------------------------------------------------------------------

    /// <summary>a − b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(SubtractBackward), Formula = "da += dy; db −= dy", Into = nameof(Subtract), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor Subtract(Tensor a, Tensor b) => Subtract(a, b, null);

    /// <summary>a − b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Subtract(Tensor a, Tensor b, Tensor? into) => Binary<SubtractRow>("Subtract", a, b, into);

    /// <summary>da += dy, db −= dy.</summary>
    [RuleReads]
    public static void SubtractBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) =>
        BinaryBackward<AddRule>("SubtractBackward", a, b, y, dy, da, db, -1.0);

    /// <summary>da += dy, db += sign · dy.</summary>
    private readonly struct AddRule : IBinaryRule
    {
        public int Cost => 2;

        public bool ReadsA => false;

        public bool ReadsB => false;

        public bool ReadsY => false;

        public void Backward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> da, Span<T> db, T sign)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (!da.IsEmpty) TensorPrimitives.Add(da, dy, da);
            if (!db.IsEmpty) TensorPrimitives.MultiplyAdd(dy, sign, db, db);
        }
    }

    // ---- a ∘ b ------------------------------------------------------------------------------------------

    /// <summary>a ∘ b, the element-wise (Hadamard) product; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(MultiplyBackward), Formula = "da += dy ∘ b; db += dy ∘ a", Into = nameof(Multiply), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor Multiply(Tensor a, Tensor b) => Multiply(a, b, null);

    /// <summary>a ∘ b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Multiply(Tensor a, Tensor b, Tensor? into) => Binary<MultiplyRow>("Multiply", a, b, into);

    /// <summary>da += dy ∘ b, db += dy ∘ a.</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void MultiplyBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) =>
        BinaryBackward<MultiplyRule>("MultiplyBackward", a, b, y, dy, da, db, 1.0);

    private readonly struct MultiplyRule : IBinaryRule
    {
        public int Cost => 2;

        public bool ReadsA => true;

        public bool ReadsB => true;

        public bool ReadsY => false;

        public void Backward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> da, Span<T> db, T sign)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (!da.IsEmpty) TensorPrimitives.MultiplyAdd(dy, b, da, da);
            if (!db.IsEmpty) TensorPrimitives.MultiplyAdd(dy, a, db, db);
        }
    }

    // ---- a / b ------------------------------------------------------------------------------------------

    /// <summary>a / b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(DivideBackward), Formula = "da += dy / b; db −= dy ∘ y / b", Into = nameof(Divide), Shape = "broadcast(a, b)", RowWise = "a, b")]
    public static Tensor Divide(Tensor a, Tensor b) => Divide(a, b, null);

    /// <summary>a / b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Divide(Tensor a, Tensor b, Tensor? into) => Binary<DivideRow>("Divide", a, b, into);

    /// <summary>da += dy / b, db −= dy ∘ y / b.</summary>
    [RuleReads(nameof(b), nameof(y))]
    public static void DivideBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) =>
        BinaryBackward<DivideRule>("DivideBackward", a, b, y, dy, da, db, 1.0);

    private readonly struct DivideRule : IBinaryRule
    {
        public int Cost => 8;

        public bool ReadsA => false;

        public bool ReadsB => true;

        public bool ReadsY => true;

        public void Backward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> da, Span<T> db, T sign)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < dy.Length; i++)
            {
                T q = dy[i] / b[i];
                if (!da.IsEmpty) da[i] += q;
                if (!db.IsEmpty) db[i] -= q * y[i];
            }
        }
    }

    // ---- −x, s·x, s − x, 1 − x ---------------------------------------------------------------------------

    /// <summary>−x.</summary>
    [DerivativeRule(nameof(NegateBackward), Formula = "dx −= dy", Into = nameof(Negate), Shape = "x", RowWise = "x")]
    public static Tensor Negate(Tensor x) => Negate(x, null);

    /// <summary>−x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Negate(Tensor x, Tensor? into) => WithScalar("Negate", x, -1.0, into, ScalarOp.Multiply);

    /// <summary>dx −= dy.</summary>
    [RuleReads]
    public static void NegateBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("NegateBackward", x, y, dy);
        SubtractAdjoint("NegateBackward", x, dy, dx);
    }

    /// <summary>dx −= dy, the rule shared by −x, s − x and 1 − x.</summary>
    private static void SubtractAdjoint(string op, Tensor x, Tensor dy, Tensor? dx) => AddAdjoint(op, x, dy, dx, subtract: true);

    /// <summary>dx += dy (or dx −= dy), after checking the shapes: the rules whose derivative is ±1 everywhere.</summary>
    private static void AddAdjoint(string op, Tensor x, Tensor dy, Tensor? dx, bool subtract = false)
    {
        Check.NotNull(op, x, dy);
        Check.SameShape(op, x, dy);
        Check.Adjoint(op, "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) AddOrSubtract(dx.Span<float>(), dy.Span<float>(), subtract);
        else AddOrSubtract(dx.Span<double>(), dy.Span<double>(), subtract);
    }

    private static void AddOrSubtract<T>(Span<T> dx, ReadOnlySpan<T> dy, bool subtract) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (subtract) TensorPrimitives.Subtract<T>(dx, dy, dx);
        else TensorPrimitives.Add<T>(dx, dy, dx);
    }

    /// <summary>s · x, every element scaled by a scalar.</summary>
    [DerivativeRule(nameof(ScaleBackward), Formula = "dx += s · dy; ds += ⟨dy, x⟩", Into = nameof(Scale), Shape = "x", RowWise = "x")]
    public static Tensor Scale(Tensor x, double s) => Scale(x, s, null);

    /// <summary>s · x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Scale(Tensor x, double s, Tensor? into) => WithScalar("Scale", x, s, into, ScalarOp.Multiply);

    /// <summary>dx += s · dy, ds += Σ dy ∘ x.</summary>
    [RuleReads(nameof(x))]
    public static void ScaleBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
    {
        Check.NotNull("ScaleBackward", x, y, dy);
        Check.SameShape("ScaleBackward", x, dy);
        Check.Adjoint("ScaleBackward", "dx", dx, x);
        if (x.DType == DType.Float32)
        {
            if (dx is not null) TensorPrimitives.MultiplyAdd(dy.Span<float>(), (float)s, dx.Span<float>(), dx.Span<float>());
            ds += TensorPrimitives.Dot<float>(dy.Span<float>(), x.Span<float>());
        }
        else
        {
            if (dx is not null) TensorPrimitives.MultiplyAdd(dy.Span<double>(), s, dx.Span<double>(), dx.Span<double>());
            ds += TensorPrimitives.Dot<double>(dy.Span<double>(), x.Span<double>());
        }
    }

    /// <summary>s − x, a scalar minus every element.</summary>
    [DerivativeRule(nameof(ScalarMinusBackward), Formula = "ds += Σ dy; dx −= dy", Into = nameof(ScalarMinus), Shape = "x", RowWise = "x")]
    public static Tensor ScalarMinus(double s, Tensor x) => ScalarMinus(s, x, null);

    /// <summary>s − x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor ScalarMinus(double s, Tensor x, Tensor? into) => WithScalar("ScalarMinus", x, s, into, ScalarOp.SubtractFrom);

    /// <summary>ds += Σ dy, dx −= dy.</summary>
    [RuleReads]
    public static void ScalarMinusBackward(double s, Tensor x, Tensor y, Tensor dy, ref double ds, Tensor? dx)
    {
        Check.NotNull("ScalarMinusBackward", x, y, dy);
        SubtractAdjoint("ScalarMinusBackward", x, dy, dx);
        ds += Sum(dy);
    }

    /// <summary>1 − x, element-wise (the complement of a gate).</summary>
    [DerivativeRule(nameof(OneMinusBackward), Formula = "dx −= dy", Into = nameof(OneMinus), Shape = "x", RowWise = "x")]
    public static Tensor OneMinus(Tensor x) => OneMinus(x, null);

    /// <summary>1 − x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor OneMinus(Tensor x, Tensor? into) => WithScalar("OneMinus", x, 1.0, into, ScalarOp.SubtractFrom);

    /// <summary>dx −= dy.</summary>
    [RuleReads]
    public static void OneMinusBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        Check.NotNull("OneMinusBackward", x, y, dy);
        SubtractAdjoint("OneMinusBackward", x, dy, dx);
    }

    // ---- shared machinery --------------------------------------------------------------------------------

    private static Tensor Binary<TRow>(string op, Tensor a, Tensor b, Tensor? into) where TRow : struct, IRowOp
    {
        Check.NotNull(op, a, b);
        var layout = RowBroadcast.Of(op, a, b);
        Check.NotAnInput(op, into, a, b);
        var y = Tensor.Reuse(into, a.DType, layout.Result, zero: false);
        if (a.DType == DType.Float32) BinaryBlocks<TRow, AddRule, float>(layout, a.Span<float>(), b.Span<float>(), y.Span<float>(), default, default, default, 0f, forward: true);
        else BinaryBlocks<TRow, AddRule, double>(layout, a.Span<double>(), b.Span<double>(), y.Span<double>(), default, default, default, 0.0, forward: true);
        return y;
    }

    /// <summary>A binary rule: checks, then <typeparamref name="TRule"/> over the row layout's blocks.</summary>
    private static void BinaryBackward<TRule>(string op, Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db, double sign)
        where TRule : struct, IBinaryRule
    {
        Check.NotNull(op, a, b, y, dy);
        var layout = RowBroadcast.Of(op, a, b);
        if (dy.Shape != layout.Result) throw new ShapeException(op, $"adjoint dy has shape {dy.Shape}, the result has {layout.Result}.");
        Check.Adjoint(op, "da", da, a);
        Check.Adjoint(op, "db", db, b);
        if (da is null && db is null) return;
        // Only what the rule reads is reached: the others may be tensors that hold only a shape ([RuleReads]).
        var rule = default(TRule);
        Tensor? ra = rule.ReadsA ? a : null, rb = rule.ReadsB ? b : null, ry = rule.ReadsY ? y : null;
        if (a.DType == DType.Float32)
            BinaryBlocks<AddRow, TRule, float>(layout, Storage<float>(ra), Storage<float>(rb), Storage<float>(ry), dy.Span<float>(), Storage<float>(da), Storage<float>(db),
                (float)sign, forward: false);
        else
            BinaryBlocks<AddRow, TRule, double>(layout, Storage<double>(ra), Storage<double>(rb), Storage<double>(ry), dy.Span<double>(), Storage<double>(da), Storage<double>(db),
                sign, forward: false);
    }

    /// <summary>The storage of <paramref name="t"/>, or an empty span where there is no tensor (an adjoint not wanted,
    /// a result a rule does not read).</summary>
    private static Span<T> Storage<T>(Tensor? t) where T : unmanaged => t is null ? default : t.Span<T>();

    /// <summary>The forward <typeparamref name="TRow"/> (y = a op b) or the rule <typeparamref name="TRule"/> over
    /// <see cref="ElementBlocks"/> of the row layout. A rule that sums a repeated operand's adjoint over the rows
    /// keeps the rows whole in every block (column blocks), so that sum runs in row order whatever the split.</summary>
    private static unsafe void BinaryBlocks<TRow, TRule, T>(RowBroadcast layout, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y,
        ReadOnlySpan<T> dy, Span<T> da, Span<T> db, T sign, bool forward)
        where TRow : struct, IRowOp where TRule : struct, IBinaryRule where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool splitRows = !(layout.ARepeated && !da.IsEmpty) && !(layout.BRepeated && !db.IsEmpty);
        fixed (T* pa = a, pb = b, py = y, pdy = dy, pda = da, pdb = db)
        {
            var job = new BinaryJob<T>
            {
                A = pa, B = pb, Y = py, Dy = pdy, Da = pda, Db = pdb, Sign = sign,
                Cols = layout.Cols, ARepeated = layout.ARepeated, BRepeated = layout.BRepeated,
            };
            if (forward) ElementBlocks.For(layout.Rows, layout.Cols, splitRows, default(TRow).Cost, &BinaryBlock<TRow, T>, &job);
            else ElementBlocks.For(layout.Rows, layout.Cols, splitRows, default(TRule).Cost, &BinaryRuleBlock<TRule, T>, &job);
        }
    }

    /// <summary>One binary call's storage (null where an adjoint is not wanted) and its row layout.</summary>
    private unsafe struct BinaryJob<T> where T : unmanaged
    {
        public T* A, B, Y, Dy, Da, Db;
        public T Sign;
        public int Cols;
        public bool ARepeated, BRepeated;

        /// <summary>Columns [c0, c1) of row r of <paramref name="p"/>: a repeated operand's row is the whole vector.</summary>
        public readonly Span<T> Row(T* p, bool repeated, int r, int c0, int c1) =>
            p is null ? default : new Span<T>(p + (repeated ? 0 : (nint)r * Cols) + c0, c1 - c0);
    }

    private static unsafe void BinaryBlock<TRow, T>(void* state, ElementBlocks.Block block)
        where TRow : struct, IRowOp where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(BinaryJob<T>*)state;
        for (int r = block.Row0; r < block.Row1; r++)
            default(TRow).Apply<T>(job.Row(job.A, job.ARepeated, r, block.Col0, block.Col1), job.Row(job.B, job.BRepeated, r, block.Col0, block.Col1),
                job.Row(job.Y, false, r, block.Col0, block.Col1));
    }

    private static unsafe void BinaryRuleBlock<TRule, T>(void* state, ElementBlocks.Block block)
        where TRule : struct, IBinaryRule where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var job = ref *(BinaryJob<T>*)state;
        for (int r = block.Row0; r < block.Row1; r++)
        {
            int c0 = block.Col0, c1 = block.Col1;
            default(TRule).Backward<T>(job.Row(job.A, job.ARepeated, r, c0, c1), job.Row(job.B, job.BRepeated, r, c0, c1), job.Row(job.Y, false, r, c0, c1),
                job.Row(job.Dy, false, r, c0, c1), job.Row(job.Da, job.ARepeated, r, c0, c1), job.Row(job.Db, job.BRepeated, r, c0, c1), job.Sign);
        }
    }

    /// <summary>The vector-Jacobian product of a binary primitive on one row segment: da and db empty where not wanted.</summary>
    private interface IBinaryRule
    {
        /// <summary>The cost of one element in vectorised adds (<see cref="ElementBlocks.MinWork"/>).</summary>
        int Cost { get; }

        /// <summary>Which of a, b and y the rule reads (its [RuleReads]): only those are reached; the others may hold
        /// only a shape.</summary>
        bool ReadsA { get; }

        bool ReadsB { get; }

        bool ReadsY { get; }

        void Backward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> da, Span<T> db, T sign)
            where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private interface IRowOp
    {
        /// <summary>The cost of one element in vectorised adds (<see cref="ElementBlocks.MinWork"/>).</summary>
        int Cost { get; }

        void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private readonly struct AddRow : IRowOp
    {
        public int Cost => 1;

        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(a, b, y);
    }

    private readonly struct SubtractRow : IRowOp
    {
        public int Cost => 1;

        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Subtract(a, b, y);
    }

    private readonly struct MultiplyRow : IRowOp
    {
        public int Cost => 1;

        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(a, b, y);
    }

    private readonly struct DivideRow : IRowOp
    {
        public int Cost => 2;

        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Divide(a, b, y);
    }
}
