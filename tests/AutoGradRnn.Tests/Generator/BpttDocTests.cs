using AutoGradRnn.Tests.Generator.Subjects;

namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// docs/bptt.md quotes generated code and an example of use; the quotes must stay what the generator emits and what
/// the tests run. Every <c>```csharp</c> block of the doc is a verbatim quote: its non-blank lines, compared whole and
/// without their indentation, occur in that order in the quoted text, except a line starting <c>// …</c>, which marks
/// an elision. A block quotes the generated file of <see cref="ElmanLossSource"/> (Sequences.ElmanLoss), unless the
/// line before it is <c>&lt;!-- quoted: X --&gt;</c>, where X is another generated method of the test subjects
/// (<c>Sequences.Alternating</c>) or a file of the repository.
/// </summary>
public class BpttDocTests
{
    private const string Elision = "// …";
    private const string Marker = "<!-- quoted: ";

    /// <summary>The first 21 lines of Subjects/Sequences.cs, which end with ElmanLoss, and a closing brace: the same
    /// namespace, class and line numbers, so the generated text is the very file the build writes under obj/generated.</summary>
    private const string ElmanLossSource = """
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        namespace AutoGradRnn.Tests.Generator.Subjects;

        /// <summary>Forward-only sequence models with loops, whose generated BPTT the tests check.</summary>
        public static partial class Sequences
        {
            /// <summary>min-char-rnn's loss: h_t = tanh(Wxh[x_t] + Whh·h_{t−1} + bh), Σ_t CE(Why·h_t + by, y_t).
            /// The input weights are a [V,H] table whose row x_t is Wxh·onehot(x_t).</summary>
            [Differentiable]
            public static (double Loss, Tensor H) ElmanLoss(int[] inputs, int[] targets, Tensor h, Tensor wxh, Tensor whh, Tensor why, Tensor bh, Tensor by)
            {
                double loss = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Tanh(Embedding(wxh, inputs[t]) + MatVec(whh, h) + bh);
                    loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
                }
                return (loss, h);
            }
        }
        """;

    private const string ElmanHint = "AutoGradRnn.Tests.Generator.Subjects.Sequences.ElmanLoss.g.cs";

    private static string SubjectsFolder => Path.Combine(RepositoryRoot.Path, "tests", "AutoGradRnn.Tests", "Generator", "Subjects");

    /// <summary>What the generator emits for the test subjects (Sequences.cs and the cells it calls), by hint name, scrubbed.</summary>
    private static Dictionary<string, string> GeneratedSubjects()
    {
        var run = GeneratorHarness.Run(File.ReadAllText(Path.Combine(SubjectsFolder, "Sequences.cs")), File.ReadAllText(Path.Combine(SubjectsFolder, "Cells.cs")));
        Assert.Empty(run.GeneratorDiagnostics);
        return run.Generated.ToDictionary(g => g.HintName, g => Snapshot.Scrub(g.Text));
    }

    private static string GeneratedElmanLoss()
    {
        var run = GeneratorHarness.Run(ElmanLossSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var (hint, text) = Assert.Single(run.Generated);
        Assert.Equal(ElmanHint, hint);
        return Snapshot.Scrub(text);
    }

    [Fact]
    public void The_source_in_this_test_is_Sequences_ElmanLoss()
    {
        string subject = File.ReadAllText(Path.Combine(SubjectsFolder, "Sequences.cs")).Replace("\r\n", "\n");
        string method = ElmanLossSource.Replace("\r\n", "\n");
        method = method.Substring(0, method.LastIndexOf('}'));
        Assert.StartsWith(method, subject);
        Assert.Equal(GeneratedSubjects()[ElmanHint], GeneratedElmanLoss());
    }

    [Fact]
    public void Every_csharp_block_of_the_doc_is_quoted_verbatim()
    {
        var lines = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "bptt.md")).Replace("\r\n", "\n").Split('\n');
        string elman = GeneratedElmanLoss();
        Dictionary<string, string>? subjects = null;
        int blocks = 0, quoted = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            string source = i > 0 && lines[i - 1].StartsWith(Marker, StringComparison.Ordinal)
                ? lines[i - 1].Substring(Marker.Length, lines[i - 1].IndexOf(" -->", StringComparison.Ordinal) - Marker.Length)
                : "Sequences.ElmanLoss";
            string text;
            if (source == "Sequences.ElmanLoss") text = elman;
            else if (source.StartsWith("Sequences.", StringComparison.Ordinal) || source.StartsWith("Cells.", StringComparison.Ordinal))
            {
                subjects ??= GeneratedSubjects();
                text = subjects["AutoGradRnn.Tests.Generator.Subjects." + source + ".g.cs"];
            }
            else text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, source)).Replace("\r\n", "\n");

            var block = lines.Skip(i + 1).TakeWhile(l => l.Trim() != "```").Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var quote = block.Where(l => !l.StartsWith(Elision, StringComparison.Ordinal)).ToList();
            Assert.True(quote.Count > 0, $"docs/bptt.md line {i + 1}: an empty block");
            var available = text.Split('\n').Select(l => l.Trim()).ToList();
            int at = 0;
            foreach (var line in quote)
            {
                int found = available.IndexOf(line, at);
                Assert.True(found >= 0, $"docs/bptt.md, block at line {i + 1} (quoting {source}): this line is not in the quoted text, or not in this order:\n{line}");
                at = found + 1;
            }
            blocks++;
            quoted += quote.Count;
        }
        Assert.True(blocks >= 8 && quoted >= 100, $"the doc quotes too little: {blocks} blocks, {quoted} lines");
    }

    private const int V = 6, H = 5, T = 25;

    private sealed class Elman
    {
        public Tensor Wxh = null!, Whh = null!, Why = null!, Bh = null!, By = null!;

        public static Elman Make(DType dtype, ulong seed)
        {
            var r = new Rng(seed);
            Tensor N(params int[] dims) => Init.Normal(r, dtype, 0, 0.3, dims);
            return new Elman { Wxh = N(V, H), Whh = N(H, H), Why = N(V, H), Bh = N(H), By = N(V) };
        }

        public Elman ZerosLike() => new() { Wxh = Tensor.ZerosLike(Wxh), Whh = Tensor.ZerosLike(Whh), Why = Tensor.ZerosLike(Why), Bh = Tensor.ZerosLike(Bh), By = Tensor.ZerosLike(By) };

        public void Zero()
        {
            foreach (var t in new[] { Wxh, Whh, Why, Bh, By }) t.Zero();
        }

        public double[] Flat() => new[] { Wxh, Whh, Why, Bh, By }.SelectMany(t => t.ToDoubleArray()).ToArray();
    }

    private static (int[] Inputs, int[] Targets)[] Windows(int count, ulong seed)
    {
        var r = new Rng(seed);
        var text = Enumerable.Range(0, count * T + 1).Select(_ => r.NextInt(V)).ToArray();
        return Enumerable.Range(0, count).Select(w => (text[(w * T)..(w * T + T)], text[(w * T + 1)..(w * T + T + 1)])).ToArray();
    }

    /// <summary>Truncated BPTT as docs/bptt.md shows it: each window starts from the state the previous one returned,
    /// and one tape serves every window (or, for comparison, a new tape per window).</summary>
    private static (double[] Losses, double[][] Gradients) TrainWindows(Elman p, (int[] Inputs, int[] Targets)[] windows, bool tapePerWindow)
    {
        var g = p.ZerosLike();
        var losses = new List<double>();
        var gradients = new List<double[]>();
        var tape = new Sequences.ElmanLossTape();                 // one tape, reused by every window
        var h = Tensor.Zeros(p.Whh.DType, H);                      // the state the first window starts from
        foreach (var (inputs, targets) in windows)
        {
            if (tapePerWindow) tape = new Sequences.ElmanLossTape();
            g.Zero();                                              // the backward adds (+=) into the gradients
            var (loss, hLast) = Sequences.ElmanLossForward(inputs, targets, h, p.Wxh, p.Whh, p.Why, p.Bh, p.By, tape);
            Sequences.ElmanLossBackward(tape, dLoss: 1.0, dwxh: g.Wxh, dwhh: g.Whh, dwhy: g.Why, dbh: g.Bh, dby: g.By);
            losses.Add(loss);
            gradients.Add(g.Flat());                               // (a trainer clips and updates the weights here)
            h = hLast;                                             // the next window starts where this one ended
        }
        return (losses.ToArray(), gradients.ToArray());
    }

    [Fact]
    public void Elman_windows_through_one_tape_equal_a_new_tape_per_window_bit_for_bit()
    {
        var p = Elman.Make(DType.Float64, 11);
        var windows = Windows(3, 12);
        var shared = TrainWindows(p, windows, tapePerWindow: false);
        var fresh = TrainWindows(p, windows, tapePerWindow: true);
        Assert.Equal(fresh.Losses, shared.Losses);
        for (int w = 0; w < windows.Length; w++) Assert.Equal(fresh.Gradients[w], shared.Gradients[w]);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void A_warm_25_step_elman_window_allocates_nothing(DType dtype)
    {
        var p = Elman.Make(dtype, 13);
        var g = p.ZerosLike();
        var windows = Windows(4, 14);
        var tape = new Sequences.ElmanLossTape();
        var h = Tensor.Zeros(dtype, H);
        long Window(int w)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var (_, hLast) = Sequences.ElmanLossForward(windows[w].Inputs, windows[w].Targets, h, p.Wxh, p.Whh, p.Why, p.Bh, p.By, tape);
            Sequences.ElmanLossBackward(tape, dLoss: 1.0, dwxh: g.Wxh, dwhh: g.Whh, dwhy: g.Why, dbh: g.Bh, dby: g.By);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            h = hLast;
            return allocated;
        }
        Window(0);
        Window(1);
        Assert.Equal(0, Window(2));
        Assert.Equal(0, Window(3));
    }
}
