using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Planning;

/// <summary>
/// What the reverse pass does: which values reach an output (useful), which steps the backward reverses
/// (active: a useful result computed from a value that carries gradient), and every name the generated code uses.
/// </summary>
internal sealed class ReversePlan
{
    private ReversePlan(MethodModel model)
    {
        Model = model;
    }

    public MethodModel Model { get; }

    /// <summary>Forward name per value id.</summary>
    public string[] Names { get; private set; } = new string[0];

    /// <summary>Adjoint expression per value id (null when the value needs none).</summary>
    public string?[] Adjoints { get; private set; } = new string?[0];

    public bool[] Useful { get; private set; } = new bool[0];

    public bool[] ActiveSteps { get; private set; } = new bool[0];

    /// <summary>The tape field holding the saved tape of each Call step, by step index.</summary>
    public Dictionary<int, string> CallTapes { get; } = new();

    /// <summary>Names of the output adjoints (backward parameters), one per output.</summary>
    public string[] OutputAdjoints { get; private set; } = new string[0];

    public string TapeParameter { get; private set; } = "tape";

    public string Discard { get; private set; } = "unused";

    /// <summary>Differentiable parameters that cannot affect the result.</summary>
    public IReadOnlyList<ParameterModel> UnusedParameters { get; private set; } = new ParameterModel[0];

    public bool NeedsAdjoint(int valueId) => valueId >= 0 && Adjoints[valueId] is not null;

    public string NameOf(Operand operand) => operand.IsValue ? Names[operand.ValueId] : operand.Literal;

    public static ReversePlan Create(MethodModel model)
    {
        var plan = new ReversePlan(model);
        plan.Analyse();
        plan.Name();
        return plan;
    }

    private void Analyse()
    {
        var values = Model.Values;
        var useful = new bool[values.Count];
        var steps = Model.Steps;
        var active = new bool[steps.Count];
        var usefulContainers = new HashSet<string>();
        for (int s = steps.Count - 1; s >= 0; s--)
        {
            var step = steps[s];
            bool differentiates = step.Kind is StepKind.Primitive or StepKind.Call or StepKind.ScalarBinary or StepKind.ScalarNegate or StepKind.Copy;
            bool reached = step.Kind == StepKind.Return || step.Results.Any(r => useful[r]);
            if (!reached || !(differentiates || step.Kind == StepKind.Return)) continue;
            bool anyVaried = false;
            for (int a = 0; a < step.Arguments.Count; a++)
            {
                var operand = step.Arguments[a];
                if (!operand.IsValue || !values[operand.ValueId].Varied) continue;
                anyVaried = true;
                useful[operand.ValueId] = true;
                if (step.Roles.Count > a && step.Roles[a] == ArgumentRole.Container) usefulContainers.Add(values[operand.ValueId].Name);
            }
            active[s] = anyVaried && step.Kind != StepKind.Return;
        }
        foreach (var v in values)
        {
            if (v.Origin == ValueOrigin.ContainerMember && useful[v.Id]) usefulContainers.Add(v.Expression.Substring(0, v.Expression.IndexOf('.')));
        }
        Useful = useful;
        ActiveSteps = active;
        UnusedParameters = Model.Parameters
            .Where(p => p.Kind != ValueKind.Passive && !(p.Kind == ValueKind.Container ? usefulContainers.Contains(p.Name) : useful[p.ValueId]))
            .ToList();
    }

    private void Name()
    {
        var values = Model.Values;
        var names = new string[values.Count];
        var adjoints = new string?[values.Count];
        var table = new NameTable();
        foreach (var p in Model.Parameters) table.Reserve(p.Name);
        foreach (var p in Model.Parameters) if (p.Kind != ValueKind.Passive) table.Reserve("d" + p.Name);
        foreach (var v in values)
        {
            names[v.Id] = v.Origin switch
            {
                ValueOrigin.Parameter => v.Name,
                ValueOrigin.ContainerMember => v.Expression,
                _ => table.Unique(v.Name),
            };
        }
        foreach (var v in values)
        {
            if (!v.Varied || !Useful[v.Id]) continue;
            adjoints[v.Id] = v.Origin switch
            {
                ValueOrigin.Parameter => "d" + v.Name,
                ValueOrigin.ContainerMember => "d" + v.Expression.Replace(".", "?."),
                _ => table.Unique(AdjointName(names[v.Id])),
            };
        }
        for (int s = 0; s < Model.Steps.Count; s++)
        {
            var step = Model.Steps[s];
            if (step.Kind == StepKind.Call) CallTapes[s] = table.Unique(LastSegment(step.Callee) + "Tape");
        }
        OutputAdjoints = Model.Outputs.Select(o => table.Unique("d" + o.Name)).ToArray();
        TapeParameter = table.Unique("tape");
        Discard = table.Unique("unused");
        Names = names;
        Adjoints = adjoints;
    }

    /// <summary>d + name, as min-char-rnn writes it (dh, dWxh); d_ + name where d + name is a C# keyword (do).</summary>
    private static string AdjointName(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind("d" + name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "d" + name : "d_" + name;

    private static string LastSegment(string callee)
    {
        string last = callee.Substring(callee.LastIndexOf('.') + 1);
        return char.ToLowerInvariant(last[0]) + last.Substring(1);
    }
}
