using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.Generator.Fusing;

/// <summary>
/// The fusion stage of the pipeline, an IR → IR rewrite before planning: where a method's primitive steps compose as a
/// fused primitive's <c>[Fuses]</c> composition declares (<see cref="FusionModel"/>), the composition's outermost step
/// becomes one call of the fused primitive and the steps it swallows go, with their values. A step is swallowed only
/// when its value is read by that composition alone (exactly one use: not returned, carried by a loop, merged by an
/// <c>if</c>, handed to a call or quoted in C#) and is computed in the same block. The fused step keeps the outermost
/// step's statement, so the generated code and anomaly mode quote the user's statement.
/// </summary>
internal static class FusionPass
{
    public static MethodModel Apply(MethodModel model)
    {
        if (model.IsPlaceholder || model.Fusions.Count == 0) return model;
        var steps = model.Steps.ToArray<StepModel?>();
        var definer = Enumerable.Repeat(-1, model.Values.Count).ToArray();
        for (int s = 0; s < steps.Length; s++)
            foreach (int r in steps[s]!.Results) definer[r] = s;
        var uses = Uses(model);
        // Larger compositions first; later steps first, so an outer composition is tried before an inner one takes its operand.
        var fusions = model.Fusions.Select((f, i) => (f, i)).OrderByDescending(p => p.f.Nodes.Count).ThenBy(p => p.i).Select(p => p.f).ToList();
        bool changed = false;
        for (int s = steps.Length - 1; s >= 0; s--)
        {
            if (steps[s] is not { Kind: StepKind.Primitive } root) continue;
            foreach (var fusion in fusions)
            {
                var binding = new Operand?[fusion.Roles.Count];
                var swallowed = new List<int>();
                if (!Match(fusion, 0, s, root.Block, steps, definer, uses, binding, swallowed) || binding.Any(b => b is null)) continue;
                steps[s] = new StepModel(StepKind.Primitive, root.Statement, root.Results, binding.Select(b => b!).ToEquatableArray(), fusion.Roles, fusion.Callee,
                    false, fusion.Rule, fusion.Formula, fusion.RuleParameters, fusion.Into, fusion.ShapeFormula, root.Block, -1, fusion.Reads,
                    fusion.RowOperands, fusion.Product);
                foreach (int gone in swallowed) steps[gone] = null;
                changed = true;
                break;
            }
        }
        return changed ? Compact(model, steps) : model;
    }

    /// <summary>Whether step <paramref name="s"/> is node <paramref name="node"/> of the composition, binding the fused
    /// primitive's parameters to its operands and listing the steps it swallows.</summary>
    private static bool Match(FusionModel fusion, int node, int s, int block, StepModel?[] steps, int[] definer, int[] uses, Operand?[] binding, List<int> swallowed)
    {
        var pattern = fusion.Nodes[node];
        if (steps[s] is not { Kind: StepKind.Primitive } step || step.Rule != pattern.Rule || step.Arguments.Count != pattern.Children.Count) return false;
        for (int j = 0; j < step.Arguments.Count; j++)
        {
            int child = pattern.Children[j];
            var operand = step.Arguments[j];
            if (child < 0)
            {
                if (binding[~child] is { } bound && bound != operand) return false;
                binding[~child] = operand;
                continue;
            }
            if (!operand.IsValue || uses[operand.ValueId] != 1) return false;
            int inner = definer[operand.ValueId];
            if (inner < 0 || steps[inner] is not { } innerStep || innerStep.Block != block || innerStep.Results.Count != 1) return false;
            if (!Match(fusion, child, inner, block, steps, definer, uses, binding, swallowed)) return false;
            swallowed.Add(inner);
        }
        return true;
    }

    /// <summary>How many times each value is read: as an operand of any step (a return, a loop's or branch's end, a call),
    /// or through a placeholder in quoted C# (a constant, a passive statement, a condition, a loop header).</summary>
    private static int[] Uses(MethodModel model)
    {
        var uses = new int[model.Values.Count];
        void Quoted(string text)
        {
            foreach (Match m in Quote.Matches(text)) uses[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]++;
        }
        foreach (var step in model.Steps)
        {
            foreach (var a in step.Arguments)
                if (a.IsValue) uses[a.ValueId]++;
            Quoted(step.Callee);
        }
        foreach (var loop in model.Loops)
        {
            Quoted(loop.Initializer);
            Quoted(loop.Condition);
            Quoted(loop.Incrementor);
        }
        return uses;
    }

    private static readonly Regex Quote = new("\u0001(\\d+)\u0001", RegexOptions.CultureInvariant);

    /// <summary>The model without the removed steps and their values, the remaining values numbered again in order.</summary>
    private static MethodModel Compact(MethodModel model, StepModel?[] steps)
    {
        var gone = new HashSet<int>(model.Steps.Where((_, s) => steps[s] is null).SelectMany(s => s.Results));
        var map = new int[model.Values.Count];
        int next = 0;
        for (int v = 0; v < map.Length; v++) map[v] = gone.Contains(v) ? -1 : next++;
        Operand Renumber(Operand o) => o.IsValue ? Operand.Of(map[o.ValueId]) : o;
        string Requote(string text) => Placeholder.Substitute(text, id => Placeholder.For(map[id]));
        return model with
        {
            Values = model.Values.Where(v => map[v.Id] >= 0).Select(v => v with { Id = map[v.Id] }).ToEquatableArray(),
            Steps = steps.Where(s => s is not null).Select(s => s! with
            {
                Results = s.Results.Select(r => map[r]).ToEquatableArray(),
                Arguments = s.Arguments.Select(Renumber).ToEquatableArray(),
                Callee = Requote(s.Callee),
            }).ToEquatableArray(),
            Parameters = model.Parameters.Select(p => p.ValueId >= 0 ? p with { ValueId = map[p.ValueId] } : p).ToEquatableArray(),
            Loops = model.Loops.Select(l => l with { Initializer = Requote(l.Initializer), Condition = Requote(l.Condition), Incrementor = Requote(l.Incrementor) })
                .ToEquatableArray(),
        };
    }
}
