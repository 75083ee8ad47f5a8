namespace AutoGradRnn.Benchmarks;

/// <summary>Which matrix product: C[m,n] += A[m,k]·B[k,n] (NN), A·B[n,k]ᵀ (NT) or A[k,m]ᵀ·B (TN).</summary>
public enum GemmKind { NN, NT, TN }

/// <summary>One product of the models, named for where it occurs (H hidden, E embedding, B batch, V vocabulary).</summary>
public sealed record GemmShape(string Name, GemmKind Kind, int M, int K, int N) : IHasFlops
{
    public double Flops => 2.0 * M * K * N;

    public override string ToString() => $"{Kind} {M}x{K}x{N} {Name}";

    /// <summary>Char-LSTM (V=65) at batch 32 and PTB small (batch 20): one time step's products.</summary>
    public static IEnumerable<GemmShape> Batched() =>
    [
        new("gates H100 E32 B32", GemmKind.NT, 32, 132, 400),
        new("gates H256 E64 B32", GemmKind.NT, 32, 320, 1024),
        new("gates H512 E64 B32", GemmKind.NT, 32, 576, 2048),
        new("logits H256 B32", GemmKind.NT, 32, 256, 65),
        new("logits PTB", GemmKind.NT, 20, 200, 10000),
        new("dW H100 B32", GemmKind.TN, 400, 32, 132),
        new("dW H256 B32", GemmKind.TN, 1024, 32, 320),
        new("dW H512 B32", GemmKind.TN, 2048, 32, 576),
        new("dWhy H256 B32", GemmKind.TN, 65, 32, 256),
        new("dWhy PTB", GemmKind.TN, 10000, 20, 200),
        new("dx H100 B32", GemmKind.NN, 32, 400, 132),
        new("dx H256 B32", GemmKind.NN, 32, 1024, 320),
        new("dx H512 B32", GemmKind.NN, 32, 2048, 576),
        new("dh H256 B32", GemmKind.NN, 32, 65, 256),
        new("dh PTB", GemmKind.NN, 20, 10000, 200),
    ];

    /// <summary>Batch 1: matrix-vector products (NT, NN) and rank-1 weight-gradient updates (TN, k = 1).</summary>
    public static IEnumerable<GemmShape> SingleRow() =>
    [
        new("gates H100 E32", GemmKind.NT, 1, 132, 400),
        new("gates H256 E64", GemmKind.NT, 1, 320, 1024),
        new("logits H100", GemmKind.NT, 1, 100, 65),
        new("dW H100 E32", GemmKind.TN, 400, 1, 132),
        new("dW H256 E64", GemmKind.TN, 1024, 1, 320),
        new("dx H100 E32", GemmKind.NN, 1, 400, 132),
        new("dx H256 E64", GemmKind.NN, 1, 1024, 320),
    ];
}
