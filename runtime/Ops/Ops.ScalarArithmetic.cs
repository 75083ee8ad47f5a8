using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>A tensor and a scalar: x + s, x − s and x / s, every element with the same scalar (the operators
/// <c>x + s</c>, <c>s + x</c>, <c>x - s</c> and <c>x / s</c> stand for them). The scalar's gradient is a sum over
/// every element, so a <c>double</c> that carries gradient (a learned offset or temperature) gets it.</summary>
public static partial class Ops
{
    /// <summary>x + s, every element plus a scalar.</summary>
    [DerivativeRule(nameof(AddScalarBackward), Formula = "dx += dy; ds += Σ dy", Into = nameof(AddScalar), Shape = "x", RowWise = "x")]
    public static Tensor AddScalar(Tensor x, double s) => AddScalar(x, s, null);

    /// <summary>x + s, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor AddScalar(Tensor x, double s, Tensor? into) => WithScalar("AddScalar", x, s, into, ScalarOp.Add);

    /// <summary>dx += dy, ds += Σ dy.</summary>
    [RuleReads]
    public static void AddScalarBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
    {
        Check.NotNull("AddScalarBackward", x, y, dy);
        AddAdjoint("AddScalarBackward", x, dy, dx);
        ds += Sum(dy);
    }

    /// <summary>x − s, every element minus a scalar.</summary>
    [DerivativeRule(nameof(SubtractScalarBackward), Formula = "dx += dy; ds −= Σ dy", Into = nameof(SubtractScalar), Shape = "x", RowWise = "x")]
    public static Tensor SubtractScalar(Tensor x, double s) => SubtractScalar(x, s, null);

    /// <summary>x − s, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor SubtractScalar(Tensor x, double s, Tensor? into) => WithScalar("SubtractScalar", x, -s, into, ScalarOp.Add); // x − s is x + (−s) exactly

    /// <summary>dx += dy, ds −= Σ dy.</summary>
    [RuleReads]
    public static void SubtractScalarBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
    {
        Check.NotNull("SubtractScalarBackward", x, y, dy);
        AddAdjoint("SubtractScalarBackward", x, dy, dx);
        ds -= Sum(dy);
    }

    /// <summary>x / s, every element divided by a scalar (a true division: not x · (1/s), which rounds differently).</summary>
    [DerivativeRule(nameof(DivideScalarBackward), Formula = "dx += dy / s; ds −= ⟨dy, y⟩ / s", Into = nameof(DivideScalar), Shape = "x", RowWise = "x")]
    public static Tensor DivideScalar(Tensor x, double s) => DivideScalar(x, s, null);

    /// <summary>x / s, written into <paramref name="into"/> when it fits (<see cref="Tensor.Reuse"/>), else into a new tensor.</summary>
    public static Tensor DivideScalar(Tensor x, double s, Tensor? into) => WithScalar("DivideScalar", x, s, into, ScalarOp.Divide);

    /// <summary>dx += dy / s, ds −= ⟨dy, y⟩ / s (∂(x/s)/∂s = −x/s² = −y/s).</summary>
    [RuleReads(nameof(y))]
    public static void DivideScalarBackward(Tensor x, double s, Tensor y, Tensor dy, Tensor? dx, ref double ds)
    {
        Check.NotNull("DivideScalarBackward", x, y, dy);
        Check.SameShape("DivideScalarBackward", y, dy);
        Check.Adjoint("DivideScalarBackward", "dx", dx, x);
        if (x.DType == DType.Float32)
        {
            if (dx is not null) TensorPrimitives.MultiplyAdd(dy.Span<float>(), (float)(1 / s), dx.Span<float>(), dx.Span<float>());
            ds -= TensorPrimitives.Dot<float>(dy.Span<float>(), y.Span<float>()) / s;
        }
        else
        {
            if (dx is not null)
            {
                var d = dx.Span<double>();
                var g = dy.Span<double>();
                for (int i = 0; i < d.Length; i++) d[i] += g[i] / s;
            }
            ds -= TensorPrimitives.Dot<double>(dy.Span<double>(), y.Span<double>()) / s;
        }
    }

    private enum ScalarOp { Add, Multiply, Divide, SubtractFrom }

    /// <summary>y = x + s, x · s, x / s or s − x for every element, into <paramref name="into"/> when it fits.</summary>
    private static Tensor WithScalar(string op, Tensor x, double s, Tensor? into, ScalarOp kind)
    {
        Check.NotNull(op, x);
        Check.NotAnInput(op, into, x);
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        if (x.DType == DType.Float32) WithScalar(x.Span<float>(), (float)s, y.Span<float>(), kind);
        else WithScalar(x.Span<double>(), s, y.Span<double>(), kind);
        return y;
    }

    private static void WithScalar<T>(ReadOnlySpan<T> x, T s, Span<T> y, ScalarOp kind) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case ScalarOp.Add: TensorPrimitives.Add(x, s, y); break;
            case ScalarOp.Multiply: TensorPrimitives.Multiply(x, s, y); break;
            case ScalarOp.Divide: TensorPrimitives.Divide(x, s, y); break;
            default: TensorPrimitives.Subtract(s, x, y); break;
        }
    }
}
