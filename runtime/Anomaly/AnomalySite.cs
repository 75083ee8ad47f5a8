namespace AutoGradRnn;

/// <summary>
/// What the generated code knows about one check of anomaly mode, fixed at compile time: the source statement (file,
/// line, text), the tensor or double checked, and the primitive that produced it. The generated file holds one static
/// array of these per method, so a check passes a reference and allocates nothing.
/// </summary>
/// <param name="File">The source file as the compiler saw it (reported relative to the working directory when under it).</param>
/// <param name="Line">The statement's line, from 1.</param>
/// <param name="Statement">The statement's text.</param>
/// <param name="Name">The forward value checked, or whose adjoint is checked.</param>
/// <param name="Producer">The primitive (Tanh, Multiply) whose result, or whose rule's adjoint, is checked.</param>
/// <param name="Gradient">True for an adjoint written by the backward pass, false for a forward value.</param>
public sealed record AnomalySite(string File, int Line, string Statement, string Name, string Producer, bool Gradient);
