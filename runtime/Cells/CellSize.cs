namespace AutoGradRnn;

/// <summary>The sizes a cell is made for: <paramref name="Input"/> features per step in, <paramref name="Hidden"/>
/// features per state tensor.</summary>
public readonly record struct CellSize(int Input, int Hidden)
{
    /// <summary>PyTorch's default for recurrent weights and biases: U(−1/√Hidden, 1/√Hidden).</summary>
    public Tensor Uniform(Rng rng, DType dtype, params int[] dims)
    {
        double bound = 1 / Math.Sqrt(Hidden);
        return Init.Uniform(rng, dtype, -bound, bound, dims);
    }
}
