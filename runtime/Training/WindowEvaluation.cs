namespace AutoGradRnn.Training;

/// <summary>
/// The held-out loss of a window model: the tokens cut into B contiguous streams, each read from a zero state through
/// windows of T with the state carried through the whole text, every prediction counted once.
/// </summary>
public static class WindowEvaluation
{
    /// <summary>The loss over <paramref name="tokens"/>: stream b is <c>tokens[b·n … (b+1)·n)</c> with
    /// <c>n = ⌊tokens / streams⌋</c>, its last n − 1 tokens predicted. With one stream, every token after the first.</summary>
    /// <param name="model">The model, evaluated forward only; its training state is not touched.</param>
    /// <param name="tokens">The held-out token ids.</param>
    /// <param name="seq">The window length.</param>
    /// <param name="streams">At most <c>(tokens − 1) / 2</c> are used, so every stream predicts something.</param>
    public static LossAccumulator Evaluate(IWindowModel model, int[] tokens, int seq, int streams = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        var total = new LossAccumulator();
        if (tokens.Length < 2) return total;
        streams = Math.Max(1, Math.Min(streams, (tokens.Length - 1) / 2));
        int length = tokens.Length / streams;
        var state = model.NewState(streams);
        int[][] inputs = [], targets = [];
        for (int start = 0; start < length - 1; start += seq)
        {
            int n = Math.Min(seq, length - 1 - start);
            if (inputs.Length != n)
            {
                inputs = new int[n][];
                targets = new int[n][];
                for (int t = 0; t < n; t++) { inputs[t] = new int[streams]; targets[t] = new int[streams]; }
            }
            for (int t = 0; t < n; t++)
            {
                for (int b = 0; b < streams; b++)
                {
                    inputs[t][b] = tokens[b * length + start + t];
                    targets[t][b] = tokens[b * length + start + t + 1];
                }
            }
            total.Add(model.EvaluateWindow(inputs, targets, state) * streams, (long)n * streams);
        }
        return total;
    }
}
