namespace AutoGradRnn.Models.Experiments.Memory;

/// <summary>
/// The memorization task (SEEDS.md §3, after Nayan143's <c>generate_data_memory</c>): a vocabulary of 10 symbols,
/// 8 data symbols 0…7, the delimiter 8 and the blank 9. A sequence of length L is L random data symbols, the
/// delimiter, then L blanks (2L + 1 inputs); after the delimiter the network must output the L data symbols again,
/// in order. Only those L outputs count: they are the targets, and accuracy is measured on them alone.
/// </summary>
public static class MemoryTask
{
    public const int DataSymbols = 8;
    public const int Delimiter = 8;
    public const int Blank = 9;
    public const int Vocabulary = 10;

    /// <summary>The accuracy of guessing: one data symbol in eight.</summary>
    public const double Chance = 1.0 / DataSymbols;

    /// <summary>A batch of <paramref name="batch"/> fresh sequences of length <paramref name="length"/>, time-major:
    /// <c>Inputs[t][b]</c> for the 2L + 1 steps, <c>Targets[t][b]</c> for the L recall steps (steps L + 1 … 2L).</summary>
    public static MemoryBatch Generate(Rng rng, int length, int batch)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var inputs = new int[2 * length + 1][];
        var targets = new int[length][];
        for (int t = 0; t < inputs.Length; t++) inputs[t] = new int[batch];
        for (int t = 0; t < length; t++) targets[t] = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
            {
                int symbol = rng.NextInt(DataSymbols);
                inputs[t][b] = symbol;
                targets[t][b] = symbol;
                inputs[length + 1 + t][b] = Blank;
            }
            inputs[length][b] = Delimiter;
        }
        return new MemoryBatch(inputs, targets);
    }
}

/// <summary>A batch of the memorization task: 2L + 1 input steps and the L recall targets, time-major.</summary>
public sealed record MemoryBatch(int[][] Inputs, int[][] Targets)
{
    public int Length => Targets.Length;

    public int BatchSize => Inputs[0].Length;
}
