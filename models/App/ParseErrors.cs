using System.CommandLine;
using System.Text.RegularExpressions;

namespace AutoGradRnn.Models.App;

/// <summary>
/// The parser's errors in the app's words: a value that is not of its option's type names the option and the kind of
/// value expected ("--lr: expected a number, got 'abc'") instead of a .NET type (<c>System.Nullable`1[System.Double]</c>),
/// and a first word that is no command says so and lists the commands instead of "Required command was not provided".
/// </summary>
internal static partial class ParseErrors
{
    public static IEnumerable<string> Describe(ParseResult parsed, RootCommand root)
    {
        if (parsed.CommandResult.Command == root)
        {
            string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
            var first = parsed.Tokens.FirstOrDefault()?.Value;
            yield return first is null || first.StartsWith('-')
                ? $"expected a command before the options ({commands}), e.g. 'autogradrnn train {string.Join(' ', parsed.Tokens.Select(t => t.Value))}'."
                : $"unknown command '{first}'; expected one of {commands}.";
            yield break;
        }
        foreach (var e in parsed.Errors)
        {
            var m = CannotParse().Match(e.Message);
            yield return m.Success ? $"{m.Groups["option"].Value}: expected {Kind(m.Groups["type"].Value)}, got '{m.Groups["value"].Value}'." : e.Message;
        }
    }

    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("UInt", StringComparison.Ordinal) => "a whole number ≥ 0",
        _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "another value",
    };

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
