using System.Numerics.Tensors;

namespace AutoGradRnn;

/// <summary>Reductions to a scalar: sum, mean and the inner product.</summary>
public static partial class Ops
{
    /// <summary>Σ x, over every element.</summary>
    [DerivativeRule(nameof(SumBackward), Formula = "dx += dy")]
    public static double Sum(Tensor x)
    {
        Check.NotNull("Sum", x);
        return x.DType == DType.Float32 ? TensorPrimitives.Sum<float>(x.Span<float>()) : TensorPrimitives.Sum<double>(x.Span<double>());
    }

    /// <summary>dx += dy (every element).</summary>
    [RuleReads]
    public static void SumBackward(Tensor x, double y, double dy, Tensor? dx) => AddScalar("SumBackward", x, dy, dx);

    /// <summary>The mean of every element.</summary>
    [DerivativeRule(nameof(MeanBackward), Formula = "dx += dy / N")]
    public static double Mean(Tensor x)
    {
        Check.NotNull("Mean", x);
        if (x.Length == 0) throw new ShapeException("Mean", $"the mean of an empty tensor {x.Shape} is undefined.");
        return Sum(x) / x.Length;
    }

    /// <summary>dx += dy / N.</summary>
    [RuleReads]
    public static void MeanBackward(Tensor x, double y, double dy, Tensor? dx)
    {
        Check.NotNull("MeanBackward", x);
        AddScalar("MeanBackward", x, dy / x.Length, dx);
    }

    /// <summary>⟨a, b⟩ = Σ a ∘ b, for same-shaped tensors.</summary>
    [DerivativeRule(nameof(DotBackward), Formula = "da += dy · b; db += dy · a")]
    public static double Dot(Tensor a, Tensor b)
    {
        Check.NotNull("Dot", a, b);
        Check.SameShape("Dot", a, b);
        return a.DType == DType.Float32 ? TensorPrimitives.Dot<float>(a.Span<float>(), b.Span<float>()) : TensorPrimitives.Dot<double>(a.Span<double>(), b.Span<double>());
    }

    /// <summary>da += dy · b, db += dy · a.</summary>
    [RuleReads(nameof(a), nameof(b))]
    public static void DotBackward(Tensor a, Tensor b, double y, double dy, Tensor? da, Tensor? db)
    {
        Check.NotNull("DotBackward", a, b);
        Check.SameShape("DotBackward", a, b);
        Check.Adjoint("DotBackward", "da", da, a);
        Check.Adjoint("DotBackward", "db", db, b);
        if (a.DType == DType.Float32)
        {
            if (da is not null) TensorPrimitives.MultiplyAdd(b.Span<float>(), (float)dy, da.Span<float>(), da.Span<float>());
            if (db is not null) TensorPrimitives.MultiplyAdd(a.Span<float>(), (float)dy, db.Span<float>(), db.Span<float>());
        }
        else
        {
            if (da is not null) TensorPrimitives.MultiplyAdd(b.Span<double>(), dy, da.Span<double>(), da.Span<double>());
            if (db is not null) TensorPrimitives.MultiplyAdd(a.Span<double>(), dy, db.Span<double>(), db.Span<double>());
        }
    }

    private static void AddScalar(string op, Tensor x, double value, Tensor? dx)
    {
        Check.NotNull(op, x);
        Check.Adjoint(op, "dx", dx, x);
        if (dx is null) return;
        if (x.DType == DType.Float32) TensorPrimitives.Add(dx.Span<float>(), (float)value, dx.Span<float>());
        else TensorPrimitives.Add(dx.Span<double>(), value, dx.Span<double>());
    }
}
