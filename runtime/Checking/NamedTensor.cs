namespace AutoGradRnn;

/// <summary>A tensor with the name it is reported under (a parameter name such as <c>Wxh</c> or <c>p.W</c>).</summary>
public readonly record struct NamedTensor(string Name, Tensor Value);
