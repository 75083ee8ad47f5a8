namespace AutoGradRnn;

/// <summary>
/// Marks a static method in a partial class whose reverse-mode derivative the AutoGradRnn generator emits
/// at compile time. Write only the forward computation; the generated code computes the value and
/// accumulates the gradient of every Tensor, double and parameter-container argument.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
