namespace AutoGradRnn;

/// <summary>The vector width the matrix kernels chose on this machine at start-up (for reports such as
/// <c>autogradrnn bench</c>).</summary>
public static class KernelWidth
{
    /// <summary>512, 256 or 128 bits of FMA vectors, or 0 where the kernels fall back to a scalar triple loop.</summary>
    public static int Bits => Gemm.Width;
}
