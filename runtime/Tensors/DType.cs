namespace AutoGradRnn;

/// <summary>The element type of a <see cref="Tensor"/>, chosen at run time.</summary>
/// <remarks>Training runs in <see cref="Float32"/>; the gradient checker runs the same code in
/// <see cref="Float64"/>.</remarks>
public enum DType
{
    Float32,
    Float64,
}
