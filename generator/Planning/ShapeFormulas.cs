using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

/// <summary>A shape written in the shapes of the method's arguments: <see cref="Prefix"/> stands for leading
/// dimensions whose number is not known at compile time (the rows of a batch), followed by <see cref="Dims"/>.
/// <see cref="Whole"/> names a value whose shape this is, unchanged.</summary>
internal sealed record SymbolicShape(string? Prefix, IReadOnlyList<string> Dims, string? Whole)
{
    public static SymbolicShape Of(string name) => new(name + "[..-1]", new[] { name + "[-1]" }, name);

    public override string ToString()
    {
        if (Whole is not null) return Whole;
        var parts = new List<string>();
        if (Prefix is not null) parts.Add(Prefix);
        parts.AddRange(Dims);
        return "[" + string.Join(", ", parts) + "]";
    }
}

/// <summary>Works out every tensor value's shape from the arguments' shapes, through each primitive's Shape formula
/// (see DerivativeRule.Shape); a value from a call or plain C# keeps its own name as its shape.</summary>
internal static class ShapeFormulas
{
    private static readonly Regex DimensionTerm = new(@"\$(\d+)(\[(-?\d+)\]|\.Length)?", RegexOptions.CultureInvariant);

    public static SymbolicShape[] Infer(MethodPlan plan)
    {
        var m = plan.Model;
        var shapes = new SymbolicShape[m.Values.Count];
        foreach (var v in m.Values) shapes[v.Id] = SymbolicShape.Of(plan.NameOf(v.Id));
        // Two passes: a value a call returns has no formula, but when it is a carried value's new value it has the
        // carried value's shape (a loop keeps its state's shape), which the second pass passes on.
        for (int pass = 0; pass < 2; pass++) Pass(plan, shapes);
        return shapes;
    }

    private static void Pass(MethodPlan plan, SymbolicShape[] shapes)
    {
        var m = plan.Model;
        foreach (var step in m.Steps)
        {
            switch (step.Kind)
            {
                case StepKind.Primitive when step.ShapeFormula.Length > 0:
                    shapes[step.Results[0]] = Evaluate(plan, step, shapes) ?? shapes[step.Results[0]];
                    break;
                case StepKind.Copy:
                case StepKind.LoopBegin:
                    for (int i = 0; i < step.Results.Count; i++)
                        if (step.Arguments[i].IsValue) shapes[step.Results[i]] = shapes[step.Arguments[i].ValueId];
                    break;
                case StepKind.LoopEnd:
                {
                    var begin = plan.LoopBegin(step.Structure);
                    for (int i = 0; i < step.Results.Count; i++)
                    {
                        shapes[step.Results[i]] = shapes[begin.Results[i]];
                        int end = step.Arguments[i].ValueId;
                        if (end >= 0 && shapes[end].Whole == plan.NameOf(end)) shapes[end] = shapes[begin.Results[i]];
                    }
                    break;
                }
                case StepKind.IfEnd:
                    for (int i = 0; i < step.Results.Count; i++)
                        if (step.Arguments[i].IsValue) shapes[step.Results[i]] = shapes[step.Arguments[i].ValueId];
                    break;
            }
        }
    }

    private static SymbolicShape? Evaluate(MethodPlan plan, StepModel step, SymbolicShape[] shapes)
    {
        SymbolicShape? Argument(int i) => i < step.Arguments.Count && step.Arguments[i].IsValue && plan.Model.Values[step.Arguments[i].ValueId].Kind == ValueKind.Tensor
            ? shapes[step.Arguments[i].ValueId] : null;
        string? prefix = null;
        var dims = new List<string>();
        foreach (var raw in SplitTopLevel(step.ShapeFormula))
        {
            string item = raw.Trim();
            var whole = Regex.Match(item, @"^\$(\d+)(\[\.\.-1\])?$");
            var broadcast = Regex.Match(item, @"^broadcast\(\$(\d+)(?:,\s*\$(\d+))+\)$");
            SymbolicShape? spliced = null;
            bool dropLast = false;
            if (broadcast.Success)
            {
                // The largest of the shapes (the first of the highest rank): the others are it or vectors repeated over its rows.
                var indices = new[] { broadcast.Groups[1].Value }.Concat(broadcast.Groups[2].Captures.Cast<Capture>().Select(c => c.Value));
                foreach (var i in indices)
                {
                    var shape = Argument(int.Parse(i, CultureInfo.InvariantCulture));
                    if (shape is null) return null;
                    if (spliced is null || Rank(shape) > Rank(spliced)) spliced = shape;
                }
            }
            else if (whole.Success && Argument(int.Parse(whole.Groups[1].Value, CultureInfo.InvariantCulture)) is { } shape)
            {
                spliced = shape;
                dropLast = whole.Groups[2].Success;
            }
            if (spliced is not null)
            {
                var take = dropLast ? spliced.Dims.Take(spliced.Dims.Count - 1).ToList() : spliced.Dims.ToList();
                if (dropLast && spliced.Dims.Count == 0) return null;
                if (spliced.Prefix is not null)
                {
                    if (prefix is not null || dims.Count > 0) return null;
                    prefix = spliced.Prefix;
                }
                if (!dropLast && spliced.Whole is not null && prefix is null && dims.Count == 0 && SplitTopLevel(step.ShapeFormula).Count == 1) return spliced;
                dims.AddRange(take);
                continue;
            }
            string? dim = Dimension(plan, step, item, Argument);
            if (dim is null) return null;
            dims.Add(dim);
        }
        return new SymbolicShape(prefix, dims, null);
    }

    private static int Rank(SymbolicShape s) => s.Dims.Count + (s.Prefix is null ? 0 : 1);

    /// <summary>One dimension: terms like $0[-1], $1.Length or an int argument, joined by + − * /.</summary>
    private static string? Dimension(MethodPlan plan, StepModel step, string item, System.Func<int, SymbolicShape?> argument)
    {
        bool failed = false;
        string text = DimensionTerm.Replace(item, match =>
        {
            int i = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (i >= step.Arguments.Count)
            {
                failed = true;
                return "";
            }
            string name = plan.NameOf(step.Arguments[i]);
            if (match.Groups[2].Value == ".Length") return name + ".Length";
            if (!match.Groups[3].Success) return name;
            var shape = argument(i);
            if (shape is null)
            {
                failed = true;
                return "";
            }
            int k = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            if (k < 0 && -k <= shape.Dims.Count) return shape.Dims[shape.Dims.Count + k];
            if (k >= 0 && shape.Prefix is null && k < shape.Dims.Count) return shape.Dims[k];
            return (shape.Whole ?? name) + "[" + k.ToString(CultureInfo.InvariantCulture) + "]";
        });
        if (failed) return null;
        var parts = Regex.Match(text.Trim(), @"^(-?\d+)\s*([-+*/])\s*(-?\d+)$");
        if (parts.Success)
        {
            long a = long.Parse(parts.Groups[1].Value, CultureInfo.InvariantCulture), b = long.Parse(parts.Groups[3].Value, CultureInfo.InvariantCulture);
            long? folded = parts.Groups[2].Value switch { "+" => a + b, "-" => a - b, "*" => a * b, _ => b != 0 && a % b == 0 ? a / b : null };
            if (folded is not null) return folded.Value.ToString(CultureInfo.InvariantCulture);
        }
        return text.Trim();
    }

    private static List<string> SplitTopLevel(string formula)
    {
        var items = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < formula.Length; i++)
        {
            char c = formula[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == ',' && depth == 0)
            {
                items.Add(formula.Substring(start, i - start));
                start = i + 1;
            }
        }
        items.Add(formula.Substring(start));
        return items;
    }
}
