using System.Collections.Generic;
using System.Globalization;

namespace AutoGradRnn.Generator.Planning;

/// <summary>Hands out identifiers that are unique within one generated method: the preferred name when it is
/// free, else the name with _2, _3, … appended. The one place collisions are resolved.</summary>
internal sealed class NameTable
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    /// <summary>Per preferred name, the suffix to try next: without it the thousandth h would try h_2 … h_1000 first.</summary>
    private readonly Dictionary<string, int> _nextSuffix = new(System.StringComparer.Ordinal);

    public void Reserve(string name) => _taken.Add(name);

    public bool IsTaken(string name) => _taken.Contains(name);

    public string Unique(string preferred)
    {
        string name = Sanitize(preferred);
        if (_taken.Add(name)) return name;
        for (int i = _nextSuffix.TryGetValue(name, out var next) ? next : 2; ; i++)
        {
            string candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate))
            {
                _nextSuffix[name] = i + 1;
                return candidate;
            }
        }
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsLetterOrDigit(chars[i]) || chars[i] == '_')) chars[i] = '_';
        }
        // Names become tape fields, which metadata limits in length: a very long local is shortened.
        string s = new string(chars, 0, System.Math.Min(chars.Length, 128));
        if (s.Length == 0 || char.IsDigit(s[0])) s = "_" + s;
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(s) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + s : s;
    }
}
