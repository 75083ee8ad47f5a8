namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>Primitives declared in a generic type, as a user might group them: the generated code calls the primitive
/// and its rule (and its destination-passing form) through the type the call names, <c>GenericOps&lt;int&gt;</c>.</summary>
public static class GenericOps<TTag>
{
    /// <summary>y = x³, element-wise.</summary>
    [DerivativeRule(nameof(CubeBackward), Formula = "dx += 3x² ∘ dy", Into = nameof(Cube))]
    public static Tensor Cube(Tensor x) => Cube(x, null);

    public static Tensor Cube(Tensor x, Tensor? into)
    {
        var y = Tensor.Reuse(into, x.DType, x.Shape, zero: false);
        for (int i = 0; i < x.Length; i++) y.SetAt(i, Math.Pow(x.GetAt(i), 3));
        return y;
    }

    public static void CubeBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is null) return;
        for (int i = 0; i < x.Length; i++) dx.SetAt(i, dx.GetAt(i) + 3 * x.GetAt(i) * x.GetAt(i) * dy.GetAt(i));
    }

    /// <summary>A rule named with an explicit unbound type, <c>typeof(GenericOps&lt;&gt;)</c>.</summary>
    [DerivativeRule(typeof(GenericOps<>), nameof(TwiceBackward), Formula = "dx += 2 dy")]
    public static Tensor Twice(Tensor x) => Ops.Scale(x, 2);

    public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
    {
        if (dx is null) return;
        for (int i = 0; i < x.Length; i++) dx.SetAt(i, dx.GetAt(i) + 2 * dy.GetAt(i));
    }
}

/// <summary>Outer&lt;T&gt;.Inner: a primitive in a non-generic type nested in a generic one.</summary>
public static class Outer<TTag>
{
    public static class Inner
    {
        [DerivativeRule(nameof(SquareBackward), Formula = "dx += 2x ∘ dy")]
        public static Tensor Square(Tensor x) => Ops.Multiply(x, x);

        public static void SquareBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx)
        {
            if (dx is null) return;
            for (int i = 0; i < x.Length; i++) dx.SetAt(i, dx.GetAt(i) + 2 * x.GetAt(i) * dy.GetAt(i));
        }
    }
}

public static partial class GenericOpsUser
{
    [Differentiable]
    public static double Loss(Tensor a, Tensor b) =>
        Ops.Sum(GenericOps<int>.Cube(a) * GenericOps<string>.Twice(b) + Outer<double>.Inner.Square(a));
}
