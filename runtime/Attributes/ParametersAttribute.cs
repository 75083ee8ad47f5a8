namespace AutoGradRnn;

/// <summary>
/// Marks a partial class as a parameter container: its public Tensor fields and properties are trainable
/// parameters. The generator gives the class a same-shaped gradient object, zeroing and enumeration of
/// its tensors by name, without reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ParametersAttribute : Attribute
{
}
