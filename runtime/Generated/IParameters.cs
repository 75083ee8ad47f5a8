namespace AutoGradRnn;

/// <summary>
/// A parameter container. The generator implements this for every <see cref="ParametersAttribute"/> class,
/// without reflection: optimizers, checkpoints and the gradient checker enumerate its tensors by name.
/// </summary>
public interface IParameters
{
    /// <summary>Every Tensor member, in declaration order, named <c>prefix + member</c>.</summary>
    IReadOnlyList<NamedTensor> NamedTensors(string prefix = "");

    /// <summary>Sets every tensor to zero (used on gradient containers between steps).</summary>
    void ZeroAll();
}
