using System.Collections.Generic;
using System.Text.RegularExpressions;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>A rule's formula as quoted above its use: the rule's parameter names replaced by the names at that use.</summary>
internal static class RuleFormula
{
    private static readonly Regex Identifier = new(@"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])", RegexOptions.CultureInvariant);

    public static string Substitute(StepModel step, List<string> call)
    {
        string rule = step.Rule.Substring(step.Rule.LastIndexOf('.') + 1);
        if (step.Formula.Length == 0) return rule;
        var map = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (int i = 0; i < step.RuleParameters.Count && i < call.Count; i++)
            map[step.RuleParameters[i]] = call[i].StartsWith("ref ", System.StringComparison.Ordinal) ? call[i].Substring(4) : call[i];
        return Identifier.Replace(step.Formula, match => map.TryGetValue(match.Value, out var actual) ? actual : match.Value);
    }
}
