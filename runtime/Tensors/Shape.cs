using System.Globalization;

namespace AutoGradRnn;

/// <summary>The dimensions of a contiguous, row-major tensor of rank 0 to 3.</summary>
public readonly struct Shape : IEquatable<Shape>
{
    public const int MaxRank = 3;

    private readonly int _d0, _d1, _d2;

    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length > MaxRank)
            throw new ArgumentException($"A tensor has rank 0 to {MaxRank}; got rank {dims.Length}.", nameof(dims));
        foreach (var d in dims)
        {
            if (d < 0) throw Negative(dims, nameof(dims));
        }
        Rank = dims.Length;
        _d0 = Rank > 0 ? dims[0] : 1;
        _d1 = Rank > 1 ? dims[1] : 1;
        _d2 = Rank > 2 ? dims[2] : 1;
        double size = (double)_d0 * _d1 * _d2;
        if (size > MaxSize) throw TooLarge(size, dims, nameof(dims));
    }

    /// <summary>A vector shape [d0]; unlike the params constructor it allocates nothing.</summary>
    public Shape(int d0)
    {
        if (d0 < 0) throw Negative(new[] { d0 }, nameof(d0));
        Rank = 1;
        _d0 = d0;
        _d1 = 1;
        _d2 = 1;
        if (d0 > MaxSize) throw TooLarge(d0, new[] { d0 }, nameof(d0));
    }

    /// <summary>A matrix shape [d0, d1]; unlike the params constructor it allocates nothing.</summary>
    public Shape(int d0, int d1)
    {
        if ((d0 | d1) < 0) throw Negative(new[] { d0, d1 }, d0 < 0 ? nameof(d0) : nameof(d1));
        Rank = 2;
        _d0 = d0;
        _d1 = d1;
        _d2 = 1;
        double size = (double)d0 * d1;
        if (size > MaxSize) throw TooLarge(size, new[] { d0, d1 }, nameof(d1));
    }

    /// <summary>A rank-3 shape [d0, d1, d2]; unlike the params constructor it allocates nothing.</summary>
    public Shape(int d0, int d1, int d2)
    {
        if ((d0 | d1 | d2) < 0) throw Negative(new[] { d0, d1, d2 }, d0 < 0 ? nameof(d0) : d1 < 0 ? nameof(d1) : nameof(d2));
        Rank = 3;
        _d0 = d0;
        _d1 = d1;
        _d2 = d2;
        double size = (double)d0 * d1 * d2;
        if (size > MaxSize) throw TooLarge(size, new[] { d0, d1, d2 }, nameof(d2));
    }

    /// <summary>The most elements a tensor holds: its storage is one .NET array (<see cref="Array.MaxLength"/>).</summary>
    public static int MaxSize => Array.MaxLength;

    private static ArgumentException Negative(int[] dims, string paramName) =>
        new($"Tensor dimensions must be non-negative; got {Format(dims)}.", paramName);

    private static ArgumentException TooLarge(double size, int[] dims, string paramName) =>
        new($"A tensor of shape {Format(dims)} would hold {size.ToString("N0", CultureInfo.InvariantCulture)} elements; a tensor holds at most {MaxSize.ToString("N0", CultureInfo.InvariantCulture)}.", paramName);

    public int Rank { get; }

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size => Dim(0) * Dim(1) * Dim(2);

    public int this[int axis] => axis switch
    {
        _ when axis < 0 || axis >= Rank => throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is outside a rank-{Rank} shape {this}."),
        0 => _d0,
        1 => _d1,
        _ => _d2,
    };

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : this[Rank - 1];

    /// <summary>The number of rows when the last axis is the feature axis: the product of all other dimensions.</summary>
    public int Rows => Rank switch { 0 or 1 => 1, 2 => _d0, _ => _d0 * _d1 };

    /// <summary>A dimension, with every axis beyond the rank read as 1. <c>default(Shape)</c> and <c>new Shape()</c>
    /// (which C# does not route to the params constructor) leave every field zero; reading through this keeps
    /// them the scalar shape, of size 1 and equal to <c>new Shape(Array.Empty&lt;int&gt;())</c>.</summary>
    private int Dim(int axis) => axis >= Rank ? 1 : axis switch { 0 => _d0, 1 => _d1, _ => _d2 };

    public int[] ToArray()
    {
        var a = new int[Rank];
        for (int i = 0; i < Rank; i++) a[i] = this[i];
        return a;
    }

    /// <summary>The same shape with its last dimension replaced (a scalar becomes the vector [last]). Allocates nothing.</summary>
    public Shape WithLast(int last) => Rank switch
    {
        0 or 1 => new Shape(last),
        2 => new Shape(_d0, last),
        _ => new Shape(_d0, _d1, last),
    };

    public bool Equals(Shape other) => Rank == other.Rank && Dim(0) == other.Dim(0) && Dim(1) == other.Dim(1) && Dim(2) == other.Dim(2);

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode() => HashCode.Combine(Rank, Dim(0), Dim(1), Dim(2));

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() => Format(ToArray());

    /// <summary>Formats a flat index as a multi-index in this shape, e.g. <c>[3,17]</c>.</summary>
    public string FormatIndex(int flat)
    {
        if (Rank == 0) return "[]";
        var idx = new int[Rank];
        for (int axis = Rank - 1; axis >= 0; axis--)
        {
            int d = this[axis];
            idx[axis] = flat % d;
            flat /= d;
        }
        return "[" + string.Join(",", idx.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    private static string Format(int[] dims) =>
        "[" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
