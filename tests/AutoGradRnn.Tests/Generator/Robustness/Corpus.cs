namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>The robustness corpus: odd, unfinished and out-of-language code handed to the generator.</summary>
public static partial class Corpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, CorpusCase>> ByName = new(() =>
        Statements().Concat(Expressions()).Concat(Declarations()).Concat(Typing()).Concat(Large()).Concat(Contract()).Concat(Edges()).Concat(Products()).ToDictionary(c => c.ToString()));

    public static IReadOnlyDictionary<string, CorpusCase> Cases => ByName.Value;
}
