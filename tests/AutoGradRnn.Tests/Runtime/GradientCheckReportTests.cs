using System.Text.RegularExpressions;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>The printed report: a verdict, the direction check, a line per tensor, the worst entries.</summary>
public class GradientCheckReportTests
{
    private static string[] Lines(string report) => report.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_failed_check_reports_every_tensor_and_the_wrong_entry()
    {
        var report = GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry().ToFunction(1)).Report();
        var lines = Lines(report);

        Assert.StartsWith("Gradient check FAILED", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\s+random direction\s+analytic .* numeric .* abs .* rel .*FAIL$", lines[1]);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\s+tensor\s+shape\s+checked\s+max abs\s+max rel$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\s+x0\s+\[3, 2\]\s+6\s+\S+\s+\S+\s+ok$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\s+x1\s+\[3, 2\]\s+6\s+\S+\s+\S+\s+FAIL$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\s+entry\s+analytic\s+numeric\s+abs\s+rel$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\s+x1\[2,1\]\s+\S+\s+\S+\s+\S+\s+\S+\s+FAIL$"));
        Assert.Equal(report, GradientChecker.Check(WrongRules.MultiplyWithOneWrongEntry().ToFunction(1)).ToString());
    }

    [Fact]
    public void A_passed_direction_check_says_entries_were_not_checked()
    {
        var report = GradientChecker.Check(RuleCases.Named("Tanh").ToFunction(1)).Report();

        Assert.StartsWith("Gradient check PASSED", report, StringComparison.Ordinal);
        Assert.Contains("(entries not checked", report, StringComparison.Ordinal);
        Assert.DoesNotContain("worst entries", report, StringComparison.Ordinal);
    }

    /// <summary>Regression: Report() threw "Sequence contains no elements" when no entry was listed.</summary>
    [Fact]
    public void A_report_without_worst_entries_still_prints()
    {
        var result = GradientChecker.Check(RuleCases.Named("Tanh").ToFunction(1), new GradientCheckOptions { CheckEveryEntry = true, WorstEntries = 0 });

        var report = result.Report();

        Assert.Single(Lines(report), l => Regex.IsMatch(l, @"^\s+x0\s+\[3, 5\]\s+15\s"));
        Assert.Contains("worst entries", report, StringComparison.Ordinal);
    }

    /// <summary>Regression: an empty input, checked entry by entry, has no entries to list.</summary>
    [Fact]
    public void A_report_of_an_empty_input_still_prints()
    {
        var empty = Tensor.Zeros(DType.Float64, 0);
        var function = new DifferentiableFunction(new[] { new NamedTensor("empty", empty) }, () => 1, _ => 1);

        var result = GradientChecker.Check(function, new GradientCheckOptions { CheckEveryEntry = true });

        Assert.True(result.Passed);
        Assert.Equal(0, Assert.Single(result.Tensors).EntriesChecked);
        Assert.Contains("empty", result.Report(), StringComparison.Ordinal);
    }
}
