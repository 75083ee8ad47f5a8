namespace AutoGradRnn.Data;

/// <summary>Where a <see cref="SequenceBatcher"/> stands, for checkpoints: the offset of the next window in
/// every stream, the completed passes, and the windows produced so far.</summary>
public readonly record struct BatcherState(int NextPosition, int Epoch, long Iteration);

/// <summary>
/// Windows for truncated back-propagation through time. The token array is cut into <see cref="BatchSize"/>
/// streams of <c>L = ⌊n / B⌋</c> tokens (stream b starts at b·L, which is b·n/B when B divides n; the last
/// n − B·L tokens are unused); every call to <see cref="Next"/> gives each stream's next
/// <see cref="SeqLength"/> inputs and the same tokens shifted by one as targets, then advances by SeqLength.
/// </summary>
/// <remarks>
/// The course's rule decides when a pass ends: before each window, when <c>p + seq_length + 1 ≥ L</c> (or on
/// the first call), p goes back to 0 and <see cref="ResetState"/> is true (the caller zeros the hidden
/// state); with batch 1 this reproduces min-char-rnn exactly. A pass therefore has
/// <see cref="WindowsPerEpoch"/> = ⌊(L − S − 2) / S⌋ + 1 windows, and L must be at least S + 2.
/// Inputs and targets are laid out batch-major: row b (S tokens) belongs to stream b.
/// </remarks>
public sealed class SequenceBatcher
{
    private readonly int[] _tokens;
    private readonly int[] _inputs;
    private readonly int[] _targets;
    private int _next;

    /// <param name="tokens">The token ids (not copied: do not change them while batching).</param>
    /// <param name="batchSize">B, the number of independent streams.</param>
    /// <param name="seqLength">S, the window length (the number of unrolled steps).</param>
    /// <param name="name">What the tokens are (a file or "validation"), for error messages.</param>
    /// <exception cref="DataException">The streams are shorter than one window plus its shifted target plus one.</exception>
    public SequenceBatcher(int[] tokens, int batchSize, int seqLength, string name = "corpus")
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLength, 1);
        _tokens = tokens;
        BatchSize = batchSize;
        SeqLength = seqLength;
        StreamLength = tokens.Length / batchSize;
        if (StreamLength < seqLength + 2)
        {
            throw new DataException(name, batchSize == 1
                ? $"has {DataSplit.Tokens(tokens.Length)}, too few for one window of {seqLength}: a window needs at least {seqLength + 2} (the {seqLength} inputs, the target one further, and one more by the rule p + seq_length + 1 < length)."
                : $"has {DataSplit.Tokens(tokens.Length)}: split into {batchSize} streams that is {StreamLength} each, too few for one window of {seqLength}, which needs at least {seqLength + 2} per stream ({(long)batchSize * (seqLength + 2)} tokens in all).");
        }
        WindowsPerEpoch = (StreamLength - seqLength - 2) / seqLength + 1;
        _inputs = new int[batchSize * seqLength];
        _targets = new int[batchSize * seqLength];
        Position = -1;
    }

    public int BatchSize { get; }

    public int SeqLength { get; }

    /// <summary>L, the tokens in each stream.</summary>
    public int StreamLength { get; }

    /// <summary>The windows in one pass over the streams.</summary>
    public int WindowsPerEpoch { get; }

    /// <summary>The passes completed (0 during the first).</summary>
    public int Epoch { get; private set; }

    /// <summary>The windows produced so far (the course's n).</summary>
    public long Iteration { get; private set; }

    /// <summary>The offset of the current window within each stream (the course's p); −1 before the first <see cref="Next"/>.</summary>
    public int Position { get; private set; }

    /// <summary>The current window's index within its pass (0-based).</summary>
    public int WindowInEpoch => Position < 0 ? -1 : Position / SeqLength;

    /// <summary>True when the current window starts a pass (p = 0): the hidden state must be zeroed before it.</summary>
    public bool ResetState { get; private set; }

    /// <summary>True when the current window is the last of its pass (the next call wraps).</summary>
    public bool IsLastWindowOfEpoch => Position >= 0 && _next + SeqLength + 1 >= StreamLength;

    /// <summary>The passes as a fraction, counting the current window as done (e.g. 2.5 halfway through the third).</summary>
    public double EpochProgress => Epoch + (WindowInEpoch + 1) / (double)WindowsPerEpoch;

    /// <summary>The current inputs, [B, S] batch-major.</summary>
    public ReadOnlySpan<int> Inputs => _inputs;

    /// <summary>The current targets (the inputs shifted by one token), [B, S] batch-major.</summary>
    public ReadOnlySpan<int> Targets => _targets;

    /// <summary>Stream <paramref name="b"/>'s inputs in the current window.</summary>
    public ReadOnlySpan<int> InputsOf(int b) => _inputs.AsSpan(Row(b), SeqLength);

    /// <summary>Stream <paramref name="b"/>'s targets in the current window.</summary>
    public ReadOnlySpan<int> TargetsOf(int b) => _targets.AsSpan(Row(b), SeqLength);

    /// <summary>Copies the inputs and targets time-major, [S, B] (row t holds step t of every stream).</summary>
    public void CopyTimeMajor(Span<int> inputs, Span<int> targets)
    {
        int n = _inputs.Length;
        if (inputs.Length != n || targets.Length != n)
            throw new ArgumentException($"Time-major buffers must hold B·S = {n} ids; got {inputs.Length} and {targets.Length}.");
        for (int b = 0; b < BatchSize; b++)
        {
            for (int t = 0; t < SeqLength; t++)
            {
                inputs[t * BatchSize + b] = _inputs[b * SeqLength + t];
                targets[t * BatchSize + b] = _targets[b * SeqLength + t];
            }
        }
    }

    /// <summary>Copies the current window into time-major rows, as the models read them: <c>inputs[t][b]</c> and
    /// <c>targets[t][b]</c> for S rows of B ids. Allocates nothing.</summary>
    public void CopyTimeMajor(int[][] inputs, int[][] targets)
    {
        if (inputs.Length != SeqLength || targets.Length != SeqLength)
            throw new ArgumentException($"Time-major rows must be S = {SeqLength}; got {inputs.Length} and {targets.Length}.");
        for (int t = 0; t < SeqLength; t++)
        {
            if (inputs[t].Length != BatchSize || targets[t].Length != BatchSize)
                throw new ArgumentException($"Row {t} must hold B = {BatchSize} ids; got {inputs[t].Length} and {targets[t].Length}.");
            for (int b = 0; b < BatchSize; b++)
            {
                inputs[t][b] = _inputs[b * SeqLength + t];
                targets[t][b] = _targets[b * SeqLength + t];
            }
        }
    }

    /// <summary>Time-major rows for <see cref="CopyTimeMajor(int[][], int[][])"/>: S arrays of B ids.</summary>
    public (int[][] Inputs, int[][] Targets) NewTimeMajorRows()
    {
        var inputs = new int[SeqLength][];
        var targets = new int[SeqLength][];
        for (int t = 0; t < SeqLength; t++) { inputs[t] = new int[BatchSize]; targets[t] = new int[BatchSize]; }
        return (inputs, targets);
    }

    /// <summary>Moves to the next window (wrapping to p = 0 by the course's rule) and fills
    /// <see cref="Inputs"/> and <see cref="Targets"/>. Allocates nothing.</summary>
    public void Next()
    {
        if (Iteration == 0 || _next + SeqLength + 1 >= StreamLength)
        {
            if (Iteration > 0) Epoch++;
            _next = 0;
            ResetState = true;
        }
        else
        {
            ResetState = false;
        }
        Position = _next;
        for (int b = 0; b < BatchSize; b++)
        {
            var source = _tokens.AsSpan(b * StreamLength + Position, SeqLength + 1);
            source[..SeqLength].CopyTo(_inputs.AsSpan(b * SeqLength, SeqLength));
            source[1..].CopyTo(_targets.AsSpan(b * SeqLength, SeqLength));
        }
        _next += SeqLength;
        Iteration++;
    }

    /// <summary>The position to save in a checkpoint.</summary>
    public BatcherState State => new(_next, Epoch, Iteration);

    /// <summary>Continues from a saved position: the next <see cref="Next"/> gives the window that would have
    /// followed. (The hidden state carried across windows is the caller's to save.)</summary>
    public void Restore(BatcherState state)
    {
        if (state.NextPosition < 0 || state.NextPosition % SeqLength != 0 || state.NextPosition > StreamLength || state.Epoch < 0 || state.Iteration < 0)
            throw new ArgumentException($"the saved position (token {state.NextPosition:N0} of each stream, epoch {state.Epoch}, window {state.Iteration:N0}) does not fit streams of {StreamLength:N0} tokens in windows of {SeqLength}");
        _next = state.NextPosition;
        Epoch = state.Epoch;
        Iteration = state.Iteration;
        Position = -1;
        ResetState = false;
    }

    private int Row(int b) => (uint)b < (uint)BatchSize ? b * SeqLength
        : throw new ArgumentOutOfRangeException(nameof(b), $"Stream {b} is outside the batch of {BatchSize}.");
}
