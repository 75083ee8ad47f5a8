namespace AutoGradRnn.Generator.Model;

/// <summary>What a value is to the differentiation.</summary>
internal enum ValueKind
{
    /// <summary>A Tensor: differentiated, adjoint is a Tensor.</summary>
    Tensor,

    /// <summary>A double or float: differentiated, adjoint is a double.</summary>
    Scalar,

    /// <summary>An int, bool, int[] or anything else: passed through, never differentiated.</summary>
    Passive,

    /// <summary>A [Parameters] container: its Tensor members are differentiated.</summary>
    Container,
}
