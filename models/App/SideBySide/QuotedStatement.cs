using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>The generator's comment quoting a forward statement above the code it became: <c>// line 45:9: text</c>
/// (ForwardEmitter.QuoteStatement), in the forward pass and again above the statement's adjoint block.</summary>
public static partial class QuotedStatement
{
    [GeneratedRegex(@"^\s*// line (?<line>\d+):(?<column>\d+): (?<text>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Quote();

    /// <summary>The position (<c>45:9</c>), line, column and quoted text of a quoting line, or false.</summary>
    public static bool TryParse(string line, out string position, out int lineNumber, out int column, out string text)
    {
        var m = Quote().Match(line);
        position = text = "";
        lineNumber = column = 0;
        if (!m.Success) return false;
        lineNumber = int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture);
        column = int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture);
        position = lineNumber.ToString(CultureInfo.InvariantCulture) + ":" + column.ToString(CultureInfo.InvariantCulture);
        text = m.Groups["text"].Value;
        return true;
    }
}
