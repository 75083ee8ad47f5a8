namespace AutoGradRnn;

/// <summary>Thrown when an operation receives tensors whose shapes or element types do not fit.
/// The message names the operation and every shape involved.</summary>
public sealed class ShapeException : ArgumentException
{
    public ShapeException(string operation, string message)
        : base($"{operation}: {message}")
    {
        Operation = operation;
    }

    /// <summary>The name of the operation that rejected its inputs.</summary>
    public string Operation { get; }
}
