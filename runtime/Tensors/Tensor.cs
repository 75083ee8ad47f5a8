using System.Globalization;
using System.Runtime.InteropServices;

namespace AutoGradRnn;

/// <summary>
/// A contiguous, row-major tensor of rank 0 to 3 whose element type (float32 or float64) is chosen at run time.
/// The same model code runs in float32 for training and in float64 for gradient checking.
/// </summary>
public sealed partial class Tensor
{
    private readonly float[]? _f;
    private readonly double[]? _d;

    private Tensor(DType dtype, Shape shape, float[]? f, double[]? d)
    {
        DType = dtype;
        Shape = shape;
        _f = f;
        _d = d;
    }

    public DType DType { get; }

    public Shape Shape { get; }

    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Length => Shape.Size;

    /// <summary>A new tensor of zeros.</summary>
    public static Tensor Zeros(DType dtype, params int[] dims)
    {
        var shape = new Shape(dims);
        return Zeros(dtype, shape);
    }

    /// <summary>A new tensor of zeros.</summary>
    public static Tensor Zeros(DType dtype, Shape shape) => dtype switch
    {
        DType.Float32 => new Tensor(dtype, shape, new float[shape.Size], null),
        _ => new Tensor(dtype, shape, null, new double[shape.Size]),
    };

    /// <summary>A new tensor of zeros with the shape and element type of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Zeros(like.DType, like.Shape);
    }

    /// <summary>
    /// The destination of a primitive's destination-passing (<c>into</c>) form: <paramref name="into"/> itself when it
    /// has exactly <paramref name="shape"/> and <paramref name="dtype"/> (set to zero first when <paramref name="zero"/>
    /// is true, for kernels that accumulate), otherwise a new tensor of zeros. Allocates nothing when
    /// <paramref name="into"/> fits. The caller checks that <paramref name="into"/> is none of its inputs.
    /// </summary>
    /// <example><code>
    /// public static Tensor Tanh(Tensor x, Tensor? into)
    /// {
    ///     var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
    ///     // ... write every element of y ...
    ///     return y;
    /// }
    /// </code></example>
    public static Tensor Reuse(Tensor? into, DType dtype, Shape shape, bool zero)
    {
        if (into is null || !into.Fits(dtype, shape)) return Zeros(dtype, shape);
        if (zero) into.Zero();
        return into;
    }

    /// <summary>Whether this tensor has exactly this element type and shape (so a primitive can write its result into it).</summary>
    public bool Fits(DType dtype, Shape shape) => DType == dtype && Shape == shape && !IsShapeOnly;

    /// <summary>A float64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor FromArray(double[] values, params int[] dims) => FromValues(DType.Float64, values, dims);

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor FromArray(float[] values, params int[] dims)
    {
        var t = Zeros(DType.Float32, Checked(values.Length, dims));
        values.CopyTo(t._f!, 0);
        return t;
    }

    /// <summary>A tensor of the given element type holding <paramref name="values"/> (rounded to float32 if asked).</summary>
    public static Tensor FromValues(DType dtype, double[] values, params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = Zeros(dtype, Checked(values.Length, dims));
        for (int i = 0; i < values.Length; i++) t.SetAt(i, values[i]);
        return t;
    }

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(DType dtype, double value) => FromValues(dtype, new[] { value });

    private static Shape Checked(int count, int[] dims)
    {
        var shape = dims.Length == 0 && count != 1 ? new Shape(count) : new Shape(dims);
        if (shape.Size != count)
            throw new ShapeException("Tensor.FromArray", $"{count} values do not fill shape {shape} ({shape.Size} elements).");
        return shape;
    }

    /// <summary>The float32 storage; throws if this tensor is float64.</summary>
    public Span<float> Floats
    {
        get
        {
            return _f ?? throw (IsShapeOnly ? NoStorage() : new InvalidOperationException($"This tensor is {DType}; it has no float32 storage."));
        }
    }

    /// <summary>The float64 storage; throws if this tensor is float32.</summary>
    public Span<double> Doubles
    {
        get
        {
            return _d ?? throw (IsShapeOnly ? NoStorage() : new InvalidOperationException($"This tensor is {DType}; it has no float64 storage."));
        }
    }

    /// <summary>The storage as a span of <typeparamref name="T"/>, which must be <see cref="float"/> for float32
    /// tensors and <see cref="double"/> for float64 ones. Kernels are written once, generic in T, and reach
    /// the storage through this.</summary>
    public Span<T> Span<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float) && _f is not null) return MemoryMarshal.Cast<float, T>(_f.AsSpan());
        if (typeof(T) == typeof(double) && _d is not null) return MemoryMarshal.Cast<double, T>(_d.AsSpan());
        throw IsShapeOnly ? NoStorage() : new InvalidOperationException($"A {DType} tensor has no {typeof(T).Name} storage.");
    }

    /// <summary>Reads element <paramref name="flat"/> (row-major flat index) as a double.</summary>
    public double GetAt(int flat)
    {
        CheckFlat(flat);
        return _f is not null ? _f[flat] : (_d ?? throw NoStorage())[flat];
    }

    /// <summary>Writes element <paramref name="flat"/> (row-major flat index), rounding to float32 if needed.</summary>
    public void SetAt(int flat, double value)
    {
        CheckFlat(flat);
        if (_f is not null) _f[flat] = (float)value;
        else (_d ?? throw NoStorage())[flat] = value;
    }

    /// <summary>Element access by multi-index; for tests, checking and printing, not for kernels.</summary>
    public double this[params int[] index]
    {
        get => GetAt(FlatIndex(index));
        set => SetAt(FlatIndex(index), value);
    }

    private void CheckFlat(int flat)
    {
        if ((uint)flat >= (uint)Length)
            throw new ArgumentOutOfRangeException(nameof(flat), $"Flat index {flat} is outside a tensor of {Length} elements (shape {Shape}).");
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"A rank-{Rank} tensor of shape {Shape} needs {Rank} indices; got {index.Length}.", nameof(index));
        int flat = 0;
        for (int axis = 0; axis < Rank; axis++)
        {
            int i = index[axis], d = Shape[axis];
            if ((uint)i >= (uint)d)
                throw new IndexOutOfRangeException($"Index {i} on axis {axis} is outside shape {Shape}.");
            flat = flat * d + i;
        }
        return flat;
    }

    /// <summary>Copies all elements out as doubles.</summary>
    public double[] ToDoubleArray()
    {
        var a = new double[Length];
        for (int i = 0; i < a.Length; i++) a[i] = GetAt(i);
        return a;
    }

    /// <summary>A deep copy in the same element type.</summary>
    public Tensor Clone()
    {
        var t = ZerosLike(this);
        t.CopyFrom(this);
        return t;
    }

    /// <summary>A copy converted to <paramref name="dtype"/> (a plain copy when it already has that type).</summary>
    public Tensor To(DType dtype)
    {
        var t = Zeros(dtype, Shape);
        t.CopyFrom(this);
        return t;
    }

    public Tensor ToFloat32() => To(DType.Float32);

    public Tensor ToFloat64() => To(DType.Float64);

    /// <summary>Copies the values of a same-shaped tensor, converting the element type if they differ.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Shape != Shape)
            throw new ShapeException("Tensor.CopyFrom", $"source shape {source.Shape} does not match destination shape {Shape}.");
        if (IsShapeOnly) throw NoStorage();
        if (source.IsShapeOnly) throw source.NoStorage();
        if (_f is not null && source._f is not null) source._f.CopyTo(_f, 0);
        else if (_d is not null && source._d is not null) source._d.CopyTo(_d, 0);
        else if (_f is not null) System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(source._d!, _f);
        else System.Numerics.Tensors.TensorPrimitives.ConvertChecked<float, double>(source._f!, _d!);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Zero()
    {
        if (IsShapeOnly) throw NoStorage();
        if (_f is not null) Array.Clear(_f);
        else Array.Clear(_d!);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(double value)
    {
        if (IsShapeOnly) throw NoStorage();
        if (_f is not null) Array.Fill(_f, (float)value);
        else Array.Fill(_d!, value);
    }

    public override string ToString()
    {
        const int shown = 8;
        if (IsShapeOnly) return $"Tensor({DType}, {Shape}) shape only";
        var values = Enumerable.Range(0, Math.Min(Length, shown)).Select(i => GetAt(i).ToString("G6", CultureInfo.InvariantCulture));
        return $"Tensor({DType}, {Shape}) [{string.Join(", ", values)}{(Length > shown ? ", …" : "")}]";
    }
}
