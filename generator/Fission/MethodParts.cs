using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Fission;

/// <summary>Builds the two methods of a window form as forward IR of their own, planned and emitted like any method:
/// each holds only the values its steps read or make, renumbered, with the names Step's generated code gives them.
/// The steps keep their statements, so the generated code quotes the user's own lines.</summary>
internal sealed class MethodParts
{
    private const string Tensor = "global::AutoGradRnn.Tensor";
    private readonly MethodModel _m;
    private readonly IReadOnlyList<ValueModel> _values;
    private readonly IReadOnlyList<string> _names;

    public MethodParts(MethodModel m, IReadOnlyList<ValueModel> values, IReadOnlyList<string> names)
    {
        _m = m;
        _values = values;
        _names = names;
    }

    /// <summary><c>StepInputs(Weights p, Tensor x)</c>: <paramref name="steps"/>, returning <paramref name="outputs"/>.</summary>
    public MethodModel Inputs(List<StepModel> steps, List<int> outputs)
    {
        var names = new List<string>();
        foreach (int v in outputs)
        {
            string element = TupleElement(_names[v]);
            for (int k = 2; names.Contains(element); k++) element = TupleElement(_names[v]) + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            names.Add(element);
        }
        string returnType = outputs.Count == 1 ? Tensor : "(" + string.Join(", ", names.Select(n => Tensor + " " + n)) + ")";
        var ret = new StepModel(StepKind.Return, -1, EquatableArray<int>.Empty, outputs.Select(Operand.Of).ToEquatableArray(),
            outputs.Select(_ => ArgumentRole.Tensor).ToEquatableArray(), "", false, "", "", EquatableArray<string>.Empty, "", "", 0, -1);
        var result = outputs.Count == 1 ? new List<OutputModel> { new("Result", ValueKind.Tensor) } : names.Select(n => new OutputModel(n, ValueKind.Tensor)).ToList();
        return Build(_m.Name + "Inputs", new List<ParameterModel> { _m.Parameters[0], _m.Parameters[1] }, new HashSet<int>(),
            steps.Concat(new[] { ret }).ToList(), result, returnType, outputs.Count > 1);
    }

    /// <summary><c>StepRecurrent(Weights p, handed…, state…)</c>: <paramref name="steps"/>, returning the next state as Step does.</summary>
    public MethodModel Recurrent(List<StepModel> steps, List<int> handed)
    {
        var parameters = new List<ParameterModel> { _m.Parameters[0] };
        var taken = new HashSet<string>(_m.Parameters.Select(p => p.Name).Concat(_m.Parameters.Select(p => p.Adjoint)), System.StringComparer.Ordinal);
        foreach (int v in handed)
        {
            if (v == _m.Parameters[1].ValueId)
            {
                parameters.Add(_m.Parameters[1]);
                continue;
            }
            string adjoint = Identifiers.Adjoint(_names[v]);
            for (int k = 2; taken.Contains(adjoint); k++) adjoint = Identifiers.Adjoint(_names[v]) + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            taken.Add(adjoint);
            parameters.Add(new ParameterModel(_names[v], ValueKind.Tensor, Tensor, v, adjoint));
        }
        parameters.AddRange(_m.Parameters.Skip(2));
        return Build(_m.Name + "Recurrent", parameters, new HashSet<int>(handed), steps, _m.Outputs.ToList(), _m.ReturnType, _m.ReturnsTuple);
    }

    /// <summary>A method of <paramref name="steps"/> over the values they use, renumbered in Step's order; the values in
    /// <paramref name="asParameters"/> become parameters.</summary>
    private MethodModel Build(string name, List<ParameterModel> parameters, HashSet<int> asParameters, List<StepModel> steps,
        List<OutputModel> outputs, string returnType, bool returnsTuple)
    {
        var used = new SortedSet<int>();
        foreach (var p in parameters) if (p.ValueId >= 0) used.Add(p.ValueId);
        foreach (var step in steps)
        {
            foreach (int r in step.Results) used.Add(r);
            foreach (var a in step.Arguments) if (a.IsValue) used.Add(a.ValueId);
        }
        var ids = new Dictionary<int, int>();
        foreach (int v in used) ids[v] = ids.Count;
        var values = used.Select(v =>
        {
            var value = _values[v] with { Id = ids[v], Block = 0, Loop = -1 };
            if (asParameters.Contains(v) && value.Origin != ValueOrigin.Parameter) return value with { Origin = ValueOrigin.Parameter, Name = _names[v] };
            return value.Origin is ValueOrigin.Local or ValueOrigin.Temporary ? value with { Name = _names[v] } : value;
        }).ToEquatableArray();
        Operand Map(Operand o) => o.IsValue ? Operand.Of(ids[o.ValueId]) : o;
        var mapped = steps.Select(s => s with
        {
            Results = s.Results.Select(r => ids[r]).ToEquatableArray(),
            Arguments = s.Arguments.Select(Map).ToEquatableArray(),
            Block = 0,
        }).ToEquatableArray();
        return _m with
        {
            Name = name,
            ReturnType = returnType,
            ReturnsTuple = returnsTuple,
            Outputs = outputs.ToEquatableArray(),
            Parameters = parameters.Select(p => p.ValueId >= 0 ? p with { ValueId = ids[p.ValueId] } : p).ToEquatableArray(),
            Values = values,
            Steps = mapped,
            Blocks = new[] { new BlockModel(0, -1, -1) }.ToEquatableArray(),
            Loops = EquatableArray<LoopModel>.Empty,
            Branches = EquatableArray<BranchModel>.Empty,
            Cell = null,
            IsWindowPart = true,
        };
    }

    /// <summary>A tuple element name from a value's name: capitalised, and never one C# keeps for itself (Item2, Rest).</summary>
    private static string TupleElement(string name)
    {
        string element = char.ToUpperInvariant(name[0]) + name.Substring(1);
        bool reserved = element is "Rest" or "ToString" or "GetHashCode" or "Equals" or "GetType" or "CompareTo"
            || (element.StartsWith("Item", System.StringComparison.Ordinal) && element.Length > 4 && element.Substring(4).All(char.IsDigit));
        return reserved ? element + "_" : element;
    }
}
