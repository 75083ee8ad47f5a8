using System.Runtime.CompilerServices;

namespace AutoGradRnn;

/// <summary>Argument checks shared by the primitives; every failure names the operation and the shapes.</summary>
internal static class Check
{
    /// <summary>A tensor the operation requires is not null: <see cref="ArgumentNullException"/> naming the operation and
    /// the parameter otherwise (called first, before anything reads it).</summary>
    public static void NotNull(string op, Tensor? t, [CallerArgumentExpression(nameof(t))] string name = "")
    {
        if (t is null) throw Null(op, name);
    }

    /// <inheritdoc cref="NotNull(string, Tensor?, string)"/>
    public static void NotNull(string op, Tensor? a, Tensor? b, [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "")
    {
        if (a is null) throw Null(op, aName);
        if (b is null) throw Null(op, bName);
    }

    /// <inheritdoc cref="NotNull(string, Tensor?, string)"/>
    public static void NotNull(string op, Tensor? a, Tensor? b, Tensor? c, [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "", [CallerArgumentExpression(nameof(c))] string cName = "")
    {
        NotNull(op, a, b, aName, bName);
        if (c is null) throw Null(op, cName);
    }

    /// <inheritdoc cref="NotNull(string, Tensor?, string)"/>
    public static void NotNull(string op, Tensor? a, Tensor? b, Tensor? c, Tensor? d, [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "", [CallerArgumentExpression(nameof(c))] string cName = "",
        [CallerArgumentExpression(nameof(d))] string dName = "")
    {
        NotNull(op, a, b, c, aName, bName, cName);
        if (d is null) throw Null(op, dName);
    }

    /// <inheritdoc cref="NotNull(string, Tensor?, string)"/>
    public static void NotNull(string op, Tensor? a, Tensor? b, Tensor? c, Tensor? d, Tensor? e, [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "", [CallerArgumentExpression(nameof(c))] string cName = "",
        [CallerArgumentExpression(nameof(d))] string dName = "", [CallerArgumentExpression(nameof(e))] string eName = "")
    {
        NotNull(op, a, b, c, d, aName, bName, cName, dName);
        if (e is null) throw Null(op, eName);
    }

    /// <inheritdoc cref="NotNull(string, Tensor?, string)"/>
    public static void NotNull(string op, Tensor? a, Tensor? b, Tensor? c, Tensor? d, Tensor? e, Tensor? f, [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "", [CallerArgumentExpression(nameof(c))] string cName = "",
        [CallerArgumentExpression(nameof(d))] string dName = "", [CallerArgumentExpression(nameof(e))] string eName = "",
        [CallerArgumentExpression(nameof(f))] string fName = "")
    {
        NotNull(op, a, b, c, d, e, aName, bName, cName, dName, eName);
        if (f is null) throw Null(op, fName);
    }

    private static ArgumentNullException Null(string op, string name) => new(name, $"{op}: {name} is null; expected a tensor.");

    public static void SameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
            throw new ShapeException(op, $"element types differ: {a.DType} {a.Shape} and {b.DType} {b.Shape}.");
    }

    public static void SameShape(string op, Tensor a, Tensor b)
    {
        SameDType(op, a, b);
        if (a.Shape != b.Shape)
            throw new ShapeException(op, $"shapes differ: {a.Shape} and {b.Shape}.");
    }

    public static void Rank(string op, string name, Tensor t, int min, int max)
    {
        if (t.Rank < min || t.Rank > max)
        {
            string wanted = min == max ? $"rank {min}" : $"rank {min} to {max}";
            throw new ShapeException(op, $"{name} must have {wanted}; got shape {t.Shape}.");
        }
    }

    public static void Adjoint(string op, string name, Tensor? adjoint, Tensor primal)
    {
        if (adjoint is not null && (adjoint.Shape != primal.Shape || adjoint.DType != primal.DType))
            throw new ShapeException(op, $"adjoint {name} is {adjoint.DType} {adjoint.Shape} but its value is {primal.DType} {primal.Shape}.");
    }

    /// <summary>A destination-passing form's <c>into</c> must not be one of its inputs: the kernels read the inputs
    /// while they write the result.</summary>
    public static void NotAnInput(string op, Tensor? into, Tensor input)
    {
        if (into is not null && ReferenceEquals(into, input)) throw Aliased(op);
    }

    /// <inheritdoc cref="NotAnInput(string, Tensor?, Tensor)"/>
    public static void NotAnInput(string op, Tensor? into, Tensor a, Tensor b)
    {
        if (into is not null && (ReferenceEquals(into, a) || ReferenceEquals(into, b))) throw Aliased(op);
    }

    private static ArgumentException Aliased(string op) =>
        new($"{op}: into must be a tensor other than the inputs; it is overwritten while they are read.", "into");

    public static void Index(string op, string name, int index, int count)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(name, $"{op}: {name} {index} is outside [0, {count}).");
    }
}
