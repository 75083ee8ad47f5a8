using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Fission;

/// <summary>
/// Loop fission for a cell: splits a straight-line <c>Step(Weights p, Tensor x, state…)</c> into <c>StepInputs(p, x)</c>,
/// the values computed from the input and the weights alone, which a window computes once over all its T·B rows, and
/// <c>StepRecurrent(p, those values…, state…)</c>, the rest, which runs once per step.
/// </summary>
/// <remarks>
/// <para>A value is on the <b>input side</b> when a row-wise primitive (<c>[DerivativeRule(RowWise = …)]</c>) computes it with
/// input-side values in its row parameters and weights in the others; it is <b>weight-only</b> when every value it is
/// computed from is a weight (a container member or another weight-only value) and literals. Both move out of the loop;
/// everything else is <b>recurrent</b>.</para>
/// <para>Two rewrites let more move: <c>MatVec(W, Concat(a, b))</c> with one part on the input side and the other recurrent
/// becomes <c>MatVec(ColumnsOf(W, a), a) + MatVec(OtherColumns(W, a), b)</c> (the column blocks are weight-only), and
/// <c>(u + r) + b</c> with u on the input side, r recurrent and b weight-only (a temporary sum) becomes <c>(u + b) + r</c>.</para>
/// </remarks>
internal static class WindowSplit
{
    private enum Side { Weight, Input, Recurrent }

    /// <summary>The window form of <paramref name="m"/> (a valid cell's Step), named with <paramref name="names"/>, the
    /// generated names of Step's own values.</summary>
    public static WindowForm Split(MethodModel m, IReadOnlyList<string> names)
    {
        if (Refusal(m) is { } reason) return WindowForm.None(reason);
        var work = new Rewrite(m, names);
        work.SplitColumns();
        work.Reassociate();
        return work.Form();
    }

    /// <summary>Why Step has no window form, in one line, or null when it is straight-line code.</summary>
    private static string? Refusal(MethodModel m)
    {
        if (m.Loops.Count > 0) return "Step has a loop";
        if (m.Branches.Count > 0) return "Step has an if";
        foreach (var step in m.Steps)
        {
            switch (step.Kind)
            {
                case StepKind.Call: return "Step calls another [Differentiable] method (" + step.Callee.Substring(step.Callee.LastIndexOf('.') + 1) + ")";
                case StepKind.Constant:
                case StepKind.Passive: return "Step has a statement of plain C# (" + Short(step.Callee) + ")";
            }
        }
        return null;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    /// <summary>The Step's values and steps as the rewrites change them, and each value's side.</summary>
    private sealed class Rewrite
    {
        private readonly MethodModel _m;
        private readonly List<ValueModel> _values;
        private readonly List<StepModel> _steps;
        private readonly List<string> _names;
        private readonly HashSet<string> _taken;
        private Side[] _side = new Side[0];

        /// <summary>The column blocks the split makes: weight-only although they read the part's width (its last
        /// dimension, the same over a window's rows as over a step's).</summary>
        private readonly HashSet<int> _columnBlocks = new();

        public Rewrite(MethodModel m, IReadOnlyList<string> names)
        {
            _m = m;
            _values = m.Values.ToList();
            _steps = m.Steps.ToList();
            _names = names.ToList();
            _taken = new HashSet<string>(names, System.StringComparer.Ordinal);
            foreach (var p in m.Parameters) _taken.Add(p.Name);
            foreach (var r in m.ReservedNames) _taken.Add(r);
            Classify();
        }

        private int Input => _m.Parameters[1].ValueId;

        private void Classify()
        {
            var side = new Side[_values.Count];
            for (int i = 0; i < side.Length; i++) side[i] = Side.Recurrent;
            foreach (var v in _values)
            {
                if (v.Origin == ValueOrigin.ContainerMember || v.Kind == ValueKind.Container) side[v.Id] = Side.Weight;
            }
            side[Input] = Side.Input;
            foreach (var step in _steps)
            {
                if (step.Results.Count != 1) continue;
                int result = step.Results[0];
                if (_values[result].Kind != ValueKind.Tensor) continue;
                if (step.Kind == StepKind.Copy && step.Arguments[0].IsValue) side[result] = side[step.Arguments[0].ValueId];
                else if (step.Kind == StepKind.Primitive) side[result] = _columnBlocks.Contains(result) ? Side.Weight : SideOf(step, side);
            }
            _side = side;
        }

        /// <summary>Weight-only when every value operand is a weight; input side when the primitive is row-wise with an
        /// input-side value in a row parameter and only weights besides; else recurrent.</summary>
        private Side SideOf(StepModel step, Side[] side)
        {
            bool weights = true, input = false, rowWise = step.RowOperands.Count == step.Arguments.Count;
            int operands = 0;
            for (int a = 0; a < step.Arguments.Count; a++)
            {
                var operand = step.Arguments[a];
                if (!operand.IsValue) continue;
                operands++;
                var v = _values[operand.ValueId];
                if (v.Kind != ValueKind.Tensor || side[v.Id] == Side.Recurrent) return Side.Recurrent;
                if (side[v.Id] == Side.Input)
                {
                    weights = false;
                    input = true;
                    rowWise = rowWise && step.RowOperands[a];
                }
            }
            if (operands > 0 && weights) return Side.Weight;
            return input && rowWise ? Side.Input : Side.Recurrent;
        }

        private int Producer(int value) => _steps.FindIndex(s => s.Results.Contains(value));

        private int Uses(int value) => _steps.Sum(s => s.Arguments.Count(a => a.ValueId == value));

        private bool Is(int value, Side side) => value >= 0 && _side[value] == side;

        /// <summary><c>MatVec(W, Concat(a, b))</c>, one part on the input side and the other recurrent, becomes the sum of the
        /// two column blocks' products.</summary>
        public void SplitColumns()
        {
            var primitives = _m.Cell?.Primitives ?? EquatableArray<StepModel>.Empty;
            var columnsOf = SplitPrimitives.Find(primitives, SplitPrimitives.ColumnsOf);
            var otherColumns = SplitPrimitives.Find(primitives, SplitPrimitives.OtherColumns);
            var add = SplitPrimitives.Find(primitives, SplitPrimitives.Add);
            if (columnsOf is null || otherColumns is null || add is null) return;
            for (int s = 0; s < _steps.Count; s++)
            {
                var product = _steps[s];
                if (product.Kind != StepKind.Primitive || product.Rule != SplitPrimitives.MatVecRule || !product.Arguments[1].IsValue) continue;
                int w = product.Arguments[0].ValueId, joined = product.Arguments[1].ValueId;
                int c = Producer(joined);
                if (!Is(w, Side.Weight) || c < 0 || _steps[c].Kind != StepKind.Primitive || _steps[c].Rule != SplitPrimitives.ConcatRule) continue;
                var concat = _steps[c];
                int a = concat.Arguments[0].ValueId, b = concat.Arguments[1].ValueId;
                bool partLast;
                if (Is(a, Side.Input) && Is(b, Side.Recurrent)) partLast = false;
                else if (Is(b, Side.Input) && Is(a, Side.Recurrent)) partLast = true;
                else continue;
                int part = partLast ? b : a, rest = partLast ? a : b;
                int statement = product.Statement;
                string wName = Camel(_names[w].Substring(_names[w].LastIndexOf('.') + 1));
                int wPart = NewValue(wName + Pascal(_names[part]), _values[w]);
                int wRest = NewValue(wName + Pascal(_names[rest]), _values[w]);
                _columnBlocks.Add(wPart);
                _columnBlocks.Add(wRest);
                int productPart = NewValue("matVec" + Pascal(_names[part]), _values[joined]);
                int productRest = NewValue("matVec" + Pascal(_names[rest]), _values[joined]);
                var flag = Operand.OfLiteral(partLast ? "true" : "false");
                var inserted = new List<StepModel>
                {
                    Call(columnsOf, statement, wPart, Operand.Of(w), Operand.Of(part), flag),
                    Call(otherColumns, statement, wRest, Operand.Of(w), Operand.Of(part), flag),
                    product with { Results = new[] { productPart }.ToEquatableArray(), Arguments = new[] { Operand.Of(wPart), Operand.Of(part) }.ToEquatableArray() },
                    product with { Results = new[] { productRest }.ToEquatableArray(), Arguments = new[] { Operand.Of(wRest), Operand.Of(rest) }.ToEquatableArray() },
                    Call(add, statement, product.Results[0], Operand.Of(productPart), Operand.Of(productRest)),
                };
                _steps.RemoveAt(s);
                _steps.InsertRange(s, inserted);
                s += inserted.Count - 1;
                if (Uses(joined) == 0)
                {
                    _steps.RemoveAt(c);
                    s--;
                }
                Classify();
            }
        }

        /// <summary><c>(u + r) + b</c>, u on the input side, r recurrent, b weight-only and the inner sum a temporary used once,
        /// becomes <c>(u + b) + r</c>, so the bias joins the work done once per window.</summary>
        public void Reassociate()
        {
            for (int s = 0; s < _steps.Count; s++)
            {
                var outer = _steps[s];
                if (!IsAdd(outer) || !Is(outer.Results[0], Side.Recurrent)) continue;
                for (int side = 0; side < 2; side++)
                {
                    int inner = outer.Arguments[side].ValueId, bias = outer.Arguments[1 - side].ValueId;
                    if (!Is(bias, Side.Weight) || inner < 0 || _values[inner].Origin != ValueOrigin.Temporary || Uses(inner) != 1) continue;
                    int i = Producer(inner);
                    if (i < 0 || !IsAdd(_steps[i])) continue;
                    int u = _steps[i].Arguments[0].ValueId, r = _steps[i].Arguments[1].ValueId;
                    if (Is(r, Side.Input) && Is(u, Side.Recurrent)) (u, r) = (r, u);
                    if (!Is(u, Side.Input) || !Is(r, Side.Recurrent)) continue;
                    _steps[i] = _steps[i] with { Arguments = new[] { Operand.Of(u), Operand.Of(bias) }.ToEquatableArray() };
                    _steps[s] = outer with { Arguments = new[] { Operand.Of(inner), Operand.Of(r) }.ToEquatableArray() };
                    Classify();
                    break;
                }
            }
        }

        private static bool IsAdd(StepModel step) =>
            step.Kind == StepKind.Primitive && step.Rule == SplitPrimitives.AddRule && step.Arguments.Count == 2 && step.Arguments.All(a => a.IsValue);

        private static StepModel Call(StepModel primitive, int statement, int result, params Operand[] arguments) =>
            primitive with { Statement = statement, Results = new[] { result }.ToEquatableArray(), Arguments = arguments.ToEquatableArray() };

        private int NewValue(string preferred, ValueModel like)
        {
            string name = preferred;
            for (int k = 2; !_taken.Add(name); k++) name = preferred + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            int id = _values.Count;
            _values.Add(new ValueModel(id, name, ValueKind.Tensor, like.Type, ValueOrigin.Temporary, true, 0, -1));
            _names.Add(name);
            return id;
        }

        /// <summary>The two methods, or why there is nothing to move.</summary>
        public WindowForm Form()
        {
            var moved = _steps.Where(s => s.Kind is StepKind.Primitive or StepKind.Copy && s.Results.Count == 1 && !Is(s.Results[0], Side.Recurrent)).ToList();
            var stays = _steps.Where(s => !moved.Contains(s)).ToList();
            if (moved.Count == 0) return WindowForm.None("nothing in Step is computed from the input and the weights alone");
            var handed = new List<int>();
            foreach (var step in stays)
            {
                foreach (var a in step.Arguments)
                {
                    if (!a.IsValue || Is(a.ValueId, Side.Recurrent) || handed.Contains(a.ValueId)) continue;
                    var v = _values[a.ValueId];
                    if (v.Origin == ValueOrigin.ContainerMember || v.Kind == ValueKind.Container) continue;
                    handed.Add(a.ValueId);
                }
            }
            handed.Sort();
            var outputs = handed.Where(v => v != Input).ToList();
            if (outputs.Count == 0) return WindowForm.None("nothing computed from the input and the weights alone reaches the state");
            var parts = new MethodParts(_m, _values, _names);
            var inputs = parts.Inputs(moved, outputs);
            var recurrent = parts.Recurrent(stays, handed);
            var values = handed.Select(v => new WindowValue(_names[v], Is(v, Side.Input), v == Input ? -1 : outputs.IndexOf(v))).ToEquatableArray();
            return new WindowForm(inputs, recurrent, values, "");
        }
    }

    /// <summary>A name's first letter lower-cased, without a keyword's @ (p.@class's blocks are classX and classH).</summary>
    private static string Camel(string name) => Pascal(name) is var bare && bare.Length > 0 ? char.ToLowerInvariant(bare[0]) + bare.Substring(1) : bare;

    private static string Pascal(string name) => name.Replace("@", "") is var bare && bare.Length > 0 ? char.ToUpperInvariant(bare[0]) + bare.Substring(1) : bare;
}
