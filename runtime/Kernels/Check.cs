namespace AutoGradRnn;

/// <summary>Argument checks shared by the primitives; every failure names the operation and the shapes.</summary>
internal static class Check
{
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
