using System.Globalization;
using System.Text;

namespace AutoGradRnn;

/// <summary>The comparison of one analytic gradient entry (or directional derivative) with its numeric estimate.</summary>
public sealed record EntryCheck(string Tensor, string Index, double Analytic, double Numeric, double AbsoluteError, double RelativeError, bool Passed)
{
    /// <summary>Where the entry sits, e.g. <c>W[3,17]</c>.</summary>
    public string Location => Tensor + Index;
}

/// <summary>What was checked of one tensor and how its worst entries did.</summary>
public sealed record TensorCheck(string Name, Shape Shape, int EntriesChecked, double MaxAbsoluteError, double MaxRelativeError, bool Passed, IReadOnlyList<EntryCheck> Worst);

/// <summary>The outcome of a gradient check: the random-direction check, and per tensor the entries checked.</summary>
public sealed class GradientCheckResult
{
    internal GradientCheckResult(GradientCheckOptions options, double value, IReadOnlyList<ForwardCheck> forward, EntryCheck direction, IReadOnlyList<TensorCheck> tensors)
    {
        Options = options;
        Value = value;
        Forward = forward;
        Direction = direction;
        Tensors = tensors;
    }

    public GradientCheckOptions Options { get; }

    /// <summary>The function's value at the checked point.</summary>
    public double Value { get; }

    /// <summary>Forward equivalence at the checked point: the value under test against the reference's, then each output
    /// the function compares (a generated handle: the generated forward against the user's method).</summary>
    public IReadOnlyList<ForwardCheck> Forward { get; }

    public bool ForwardPassed => Forward.All(f => f.Passed);

    /// <summary>The random-direction check: the analytic ⟨g, v⟩ against the numeric derivative along v.</summary>
    public EntryCheck Direction { get; }

    /// <summary>Per-entry results per tensor; empty when the direction check passed and entries were not asked for.</summary>
    public IReadOnlyList<TensorCheck> Tensors { get; }

    public bool Passed => ForwardPassed && Direction.Passed && Tensors.All(t => t.Passed);

    /// <summary>The largest relative error among the entries checked (the direction check when none were).</summary>
    public double MaxRelativeError => Tensors.Count == 0 ? Direction.RelativeError : Tensors.Max(t => t.MaxRelativeError);

    /// <summary>The worst entry of all (failed entries first, then by relative error), or null when no entries were checked.</summary>
    public EntryCheck? WorstEntry => Tensors.SelectMany(t => t.Worst).OrderBy(e => e.Passed).ThenByDescending(e => e.RelativeError).FirstOrDefault();

    /// <summary>A printable report: the verdict, the direction check, one line per tensor, and each tensor's worst entries.</summary>
    public string Report()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"Gradient check {(Passed ? "PASSED" : "FAILED")}: float64 central differences, h = {Options.Epsilon:G3}, ");
        sb.Append(c, $"pass when rel ≤ {Options.RelativeTolerance:G3} or abs ≤ {Options.AbsoluteTolerance:G3}\n");
        sb.Append(c, $"  random direction  analytic {Direction.Analytic,14:G8}  numeric {Direction.Numeric,14:G8}  abs {Direction.AbsoluteError:E2}  rel {Direction.RelativeError:E2}  {(Direction.Passed ? "ok" : "FAIL")}\n");
        if (ForwardPassed)
        {
            string how = Forward.All(f => f.AbsoluteError == 0) ? "bit-identical" : $"within {Options.ForwardTolerance:G3}";
            sb.Append(c, $"  forward           {string.Join(", ", Forward.Select(f => f.Output))} computed as the reference computes them ({how})  ok\n");
        }
        else
        {
            foreach (var f in Forward.Where(f => !f.Passed))
                sb.Append(c, $"  forward {f.Location}  under test {f.Generated:G17}  reference {f.Reference:G17}  abs {f.AbsoluteError:E2}  FAIL\n");
        }
        if (Tensors.Count == 0)
        {
            sb.Append("  (entries not checked: the direction check passed; ask for every entry to see them)\n");
            return sb.ToString();
        }
        int nameWidth = Math.Max(6, Tensors.Max(t => t.Name.Length));
        sb.Append(c, $"  {"tensor".PadRight(nameWidth)}  {"shape",-14} {"checked",8}  {"max abs",9}  {"max rel",9}\n");
        foreach (var t in Tensors)
            sb.Append(c, $"  {t.Name.PadRight(nameWidth)}  {t.Shape,-14} {t.EntriesChecked,8}  {t.MaxAbsoluteError,9:E2}  {t.MaxRelativeError,9:E2}  {(t.Passed ? "ok" : "FAIL")}\n");
        var worst = Tensors.SelectMany(t => t.Worst).ToList();
        int locWidth = Math.Max(8, worst.Select(e => e.Location.Length).DefaultIfEmpty(0).Max());
        sb.Append(c, $"  worst entries\n  {"entry".PadRight(locWidth)}  {"analytic",15}  {"numeric",15}  {"abs",9}  {"rel",9}\n");
        foreach (var e in worst)
            sb.Append(c, $"  {e.Location.PadRight(locWidth)}  {e.Analytic,15:G9}  {e.Numeric,15:G9}  {e.AbsoluteError,9:E2}  {e.RelativeError,9:E2}{(e.Passed ? "" : "  FAIL")}\n");
        return sb.ToString();
    }

    public override string ToString() => Report();
}
