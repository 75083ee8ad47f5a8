using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>The primitives. Each is a public method whose vector-Jacobian product sits beside it, linked by
/// <see cref="DerivativeRuleAttribute"/>. This file: element-wise arithmetic with row broadcasting.</summary>
public static partial class Ops
{
    // ---- a + b ------------------------------------------------------------------------------------------

    /// <summary>a + b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(AddBackward), Formula = "da += dy; db += dy", Into = nameof(Add), Shape = "broadcast(a, b)")]
    public static Tensor Add(Tensor a, Tensor b) => Add(a, b, null);

    /// <summary>a + b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Add(Tensor a, Tensor b, Tensor? into) => Binary<AddRow>("Add", a, b, into);

    /// <summary>da += dy, db += dy (summed over the rows a vector operand was repeated on).</summary>
    public static void AddBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
    {
        var layout = BackwardLayout("AddBackward", a, b, dy, da, db);
        if (a.DType == DType.Float32) AddBackward<float>(layout, dy, da, db, 1f);
        else AddBackward<double>(layout, dy, da, db, 1.0);
    }

    // ---- a − b ------------------------------------------------------------------------------------------

    /// <summary>a − b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(SubtractBackward), Formula = "da += dy; db −= dy", Into = nameof(Subtract), Shape = "broadcast(a, b)")]
    public static Tensor Subtract(Tensor a, Tensor b) => Subtract(a, b, null);

    /// <summary>a − b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Subtract(Tensor a, Tensor b, Tensor? into) => Binary<SubtractRow>("Subtract", a, b, into);

    /// <summary>da += dy, db −= dy.</summary>
    public static void SubtractBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
    {
        var layout = BackwardLayout("SubtractBackward", a, b, dy, da, db);
        if (a.DType == DType.Float32) AddBackward<float>(layout, dy, da, db, -1f);
        else AddBackward<double>(layout, dy, da, db, -1.0);
    }

    private static void AddBackward<T>(RowBroadcast layout, Tensor dy, Tensor? da, Tensor? db, T signB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < layout.Rows; r++)
        {
            var g = layout.RowOfResult<T>(dy, r);
            if (da is not null) TensorPrimitives.Add(layout.RowOfA<T>(da, r), g, layout.RowOfA<T>(da, r));
            if (db is not null) TensorPrimitives.MultiplyAdd(g, signB, layout.RowOfB<T>(db, r), layout.RowOfB<T>(db, r));
        }
    }

    // ---- a ∘ b ------------------------------------------------------------------------------------------

    /// <summary>a ∘ b, the element-wise (Hadamard) product; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(MultiplyBackward), Formula = "da += dy ∘ b; db += dy ∘ a", Into = nameof(Multiply), Shape = "broadcast(a, b)")]
    public static Tensor Multiply(Tensor a, Tensor b) => Multiply(a, b, null);

    /// <summary>a ∘ b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Multiply(Tensor a, Tensor b, Tensor? into) => Binary<MultiplyRow>("Multiply", a, b, into);

    /// <summary>da += dy ∘ b, db += dy ∘ a.</summary>
    public static void MultiplyBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
    {
        var layout = BackwardLayout("MultiplyBackward", a, b, dy, da, db);
        if (a.DType == DType.Float32) MultiplyBackward<float>(layout, a, b, dy, da, db);
        else MultiplyBackward<double>(layout, a, b, dy, da, db);
    }

    private static void MultiplyBackward<T>(RowBroadcast layout, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < layout.Rows; r++)
        {
            var g = layout.RowOfResult<T>(dy, r);
            if (da is not null) TensorPrimitives.MultiplyAdd(g, layout.RowOfB<T>(b, r), layout.RowOfA<T>(da, r), layout.RowOfA<T>(da, r));
            if (db is not null) TensorPrimitives.MultiplyAdd(g, layout.RowOfA<T>(a, r), layout.RowOfB<T>(db, r), layout.RowOfB<T>(db, r));
        }
    }

    // ---- a / b ------------------------------------------------------------------------------------------

    /// <summary>a / b, element-wise; a vector operand is repeated over the other's rows.</summary>
    [DerivativeRule(nameof(DivideBackward), Formula = "da += dy / b; db −= dy ∘ y / b", Into = nameof(Divide), Shape = "broadcast(a, b)")]
    public static Tensor Divide(Tensor a, Tensor b) => Divide(a, b, null);

    /// <summary>a / b, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Divide(Tensor a, Tensor b, Tensor? into) => Binary<DivideRow>("Divide", a, b, into);

    /// <summary>da += dy / b, db −= dy ∘ y / b.</summary>
    public static void DivideBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
    {
        var layout = BackwardLayout("DivideBackward", a, b, dy, da, db);
        if (a.DType == DType.Float32) DivideBackward<float>(layout, b, y, dy, da, db);
        else DivideBackward<double>(layout, b, y, dy, da, db);
    }

    private static void DivideBackward<T>(RowBroadcast layout, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < layout.Rows; r++)
        {
            var g = layout.RowOfResult<T>(dy, r);
            var yr = layout.RowOfResult<T>(y, r);
            var br = layout.RowOfB<T>(b, r);
            var dar = da is null ? default : layout.RowOfA<T>(da, r);
            var dbr = db is null ? default : layout.RowOfB<T>(db, r);
            for (int i = 0; i < g.Length; i++)
            {
                T q = g[i] / br[i];
                if (da is not null) dar[i] += q;
                if (db is not null) dbr[i] -= q * yr[i];
            }
        }
    }

    // ---- −x, s·x, s − x, 1 − x ---------------------------------------------------------------------------

    /// <summary>−x.</summary>
    [DerivativeRule(nameof(NegateBackward), Formula = "dx −= dy", Into = nameof(Negate), Shape = "x")]
    public static Tensor Negate(Tensor x) => Negate(x, null);

    /// <summary>−x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Negate(Tensor x, Tensor? into) => ScaleCore("Negate", x, -1.0, into);

    /// <summary>dx −= dy.</summary>
    public static void NegateBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => SubtractAdjoint("NegateBackward", x, dy, dx);

    /// <summary>dx −= dy, the rule shared by −x, s − x and 1 − x.</summary>
    private static void SubtractAdjoint(string op, Tensor x, Tensor dy, Tensor? dx)
    {
        Check.SameShape(op, x, dy);
        Check.Adjoint(op, "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) TensorPrimitives.Subtract(dx.Span<float>(), dy.Span<float>(), dx.Span<float>());
        else TensorPrimitives.Subtract(dx.Span<double>(), dy.Span<double>(), dx.Span<double>());
    }

    /// <summary>s · x, every element scaled by a scalar.</summary>
    [DerivativeRule(nameof(ScaleBackward), Formula = "dx += s · dy; ds += ⟨dy, x⟩", Into = nameof(Scale), Shape = "x")]
    public static Tensor Scale(Tensor x, double s) => Scale(x, s, null);

    /// <summary>s · x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor Scale(Tensor x, double s, Tensor? into) => ScaleCore("Scale", x, s, into);

    private static Tensor ScaleCore(string op, Tensor x, double s, Tensor? into)
    {
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) TensorPrimitives.Multiply(x.Span<float>(), (float)s, y.Span<float>());
        else TensorPrimitives.Multiply(x.Span<double>(), s, y.Span<double>());
        return y;
    }

    /// <summary>dx += s · dy, ds += Σ dy ∘ x.</summary>
    public static void ScaleBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
    {
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
    [DerivativeRule(nameof(ScalarMinusBackward), Formula = "ds += Σ dy; dx −= dy", Into = nameof(ScalarMinus), Shape = "x")]
    public static Tensor ScalarMinus(double s, Tensor x) => ScalarMinus(s, x, null);

    /// <summary>s − x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor ScalarMinus(double s, Tensor x, Tensor? into) => ScalarMinusCore("ScalarMinus", s, x, into);

    private static Tensor ScalarMinusCore(string op, double s, Tensor x, Tensor? into)
    {
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) TensorPrimitives.Subtract((float)s, x.Span<float>(), y.Span<float>());
        else TensorPrimitives.Subtract(s, x.Span<double>(), y.Span<double>());
        return y;
    }

    /// <summary>ds += Σ dy, dx −= dy.</summary>
    public static void ScalarMinusBackward(double s, Tensor x, Tensor y, Tensor dy, ref double ds, Tensor? dx)
    {
        SubtractAdjoint("ScalarMinusBackward", x, dy, dx);
        ds += Sum(dy);
    }

    /// <summary>1 − x, element-wise (the complement of a gate).</summary>
    [DerivativeRule(nameof(OneMinusBackward), Formula = "dx −= dy", Into = nameof(OneMinus), Shape = "x")]
    public static Tensor OneMinus(Tensor x) => OneMinus(x, null);

    /// <summary>1 − x, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor OneMinus(Tensor x, Tensor? into) => ScalarMinusCore("OneMinus", 1.0, x, into);

    /// <summary>dx −= dy.</summary>
    public static void OneMinusBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => SubtractAdjoint("OneMinusBackward", x, dy, dx);

    // ---- shared machinery --------------------------------------------------------------------------------

    private static RowBroadcast BackwardLayout(string op, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db)
    {
        var layout = RowBroadcast.Of(op, a, b);
        if (dy.Shape != layout.Result) throw new ShapeException(op, $"adjoint dy has shape {dy.Shape}, the result has {layout.Result}.");
        Check.Adjoint(op, "da", da, a);
        Check.Adjoint(op, "db", db, b);
        return layout;
    }

    private static Tensor Binary<TRow>(string op, Tensor a, Tensor b, Tensor? into) where TRow : struct, IRowOp
    {
        var layout = RowBroadcast.Of(op, a, b);
        Check.NotAnInput(op, into, a, b);
        var y = Tensor.Reuse(into, a.DType, layout.Result, zero: false);
        for (int r = 0; r < layout.Rows; r++)
        {
            if (a.DType == DType.Float32) default(TRow).Apply(layout.RowOfA<float>(a, r), layout.RowOfB<float>(b, r), layout.RowOfResult<float>(y, r));
            else default(TRow).Apply(layout.RowOfA<double>(a, r), layout.RowOfB<double>(b, r), layout.RowOfResult<double>(y, r));
        }
        return y;
    }

    private interface IRowOp
    {
        void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private readonly struct AddRow : IRowOp
    {
        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(a, b, y);
    }

    private readonly struct SubtractRow : IRowOp
    {
        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Subtract(a, b, y);
    }

    private readonly struct MultiplyRow : IRowOp
    {
        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(a, b, y);
    }

    private readonly struct DivideRow : IRowOp
    {
        public void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Divide(a, b, y);
    }
}
