namespace AutoGradRnn;

/// <summary>The checks the generated code calls when <see cref="AnomalyMode.Enabled"/>: each throws an
/// <see cref="AnomalyException"/> at the first NaN or ±Inf entry, and returns otherwise.</summary>
public static class AnomalyCheck
{
    /// <summary>Checks every entry of <paramref name="value"/> (a null adjoint, one nobody asked for, passes).</summary>
    public static void Finite(Tensor? value, AnomalySite site)
    {
        if (value is null) return;
        int bad = value.DType == DType.Float32 ? FirstBad<float>(value.Span<float>()) : FirstBad<double>(value.Span<double>());
        if (bad >= 0) throw Report(site, value.GetAt(bad), Index(value.Shape, bad));
    }

    /// <summary>Checks a double value or adjoint.</summary>
    public static void Finite(double value, AnomalySite site)
    {
        if (!double.IsFinite(value)) throw Report(site, value, "");
    }

    private static int FirstBad<T>(ReadOnlySpan<T> span) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < span.Length; i++) if (!T.IsFinite(span[i])) return i;
        return -1;
    }

    private static AnomalyException Report(AnomalySite site, double value, string entry)
    {
        string kind = double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        string iterations = AnomalyIterations.Describe();
        AnomalyIterations.Clear();
        return new AnomalyException(site, kind, iterations, entry);
    }

    private static string Index(Shape shape, int flat)
    {
        if (shape.Rank <= 1) return "[" + flat.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
        var parts = new string[shape.Rank];
        for (int axis = shape.Rank - 1; axis >= 0; axis--)
        {
            parts[axis] = (flat % shape[axis]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            flat /= shape[axis];
        }
        return "[" + string.Join(", ", parts) + "]";
    }
}
