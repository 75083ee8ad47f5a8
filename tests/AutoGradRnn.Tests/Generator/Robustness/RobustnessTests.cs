namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>
/// The generator on the robustness corpus (<see cref="Corpus"/>): it never throws, every diagnostic it reports lies in
/// the declaration it is about, what it emits for error-free code compiles without a warning and computes what the
/// method computes with a gradient that passes the check, and it adds no unexplained errors to code that has some
/// (<see cref="CorpusRunner"/> says exactly what is checked).
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Corpus.Cases.Keys.Order(StringComparer.Ordinal)) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Generator_handles(string name)
    {
        // A generator that loops forever on a case must fail it, not hang the run.
        CorpusRunner.Outcome outcome;
        try
        {
            outcome = await Task.Run(() => CorpusRunner.Run(Corpus.Cases[name])).WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"case {name} took longer than 3 minutes:\n{Corpus.Cases[name].Source}");
            return;
        }
        Assert.True(outcome.Violations.Count == 0, outcome.Describe());
    }

    [Fact]
    public void Corpus_has_at_least_300_cases_in_every_category()
    {
        Assert.True(Corpus.Cases.Count >= 300, $"{Corpus.Cases.Count} cases");
        var categories = Corpus.Cases.Values.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count());
        foreach (var category in new[] { "statement", "expression", "signature", "placement", "typing", "typing by hand", "large" })
            Assert.True(categories.GetValueOrDefault(category) >= 10 || category == "large" && categories.GetValueOrDefault(category) >= 5, category);
    }
}
