using System.Text;
using System.Text.RegularExpressions;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>Marks a reference to an SSA value inside quoted C# text; the emitter replaces it with the value's
/// final name. The marker uses a control character that no C# source contains.</summary>
internal static class Placeholder
{
    private const char Mark = '\u0001';
    private static readonly Regex Pattern = new("\u0001(\\d+)\u0001", RegexOptions.CultureInvariant);

    public static string For(int valueId) => Mark + valueId.ToString(System.Globalization.CultureInfo.InvariantCulture) + Mark;

    public static string Substitute(string text, System.Func<int, string> name) =>
        Pattern.Replace(text, m => name(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Collapses the whitespace of quoted source to single spaces, for a one-line comment.</summary>
    public static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
