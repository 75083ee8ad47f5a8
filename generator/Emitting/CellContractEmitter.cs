using System.Globalization;
using System.Linq;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>
/// The <c>IRecurrentCell</c> members of a cell, implemented from its <c>Step</c>'s generated members: the state's
/// names, the tape, one forward step and its backward over spans of state tensors, and the cell's own <c>Step</c> for
/// the checker. Explicit interface implementations, so they add no names to the cell's type.
/// </summary>
internal static class CellContractEmitter
{
    private const string Tensor = "global::AutoGradRnn.Tensor";
    private const string Parameters = "global::AutoGradRnn.IParameters";

    /// <param name="collects">Whether Step's backward collects weight-gradient products for a window's end (it has a
    /// <c>StepBackwardInWindow</c> and a <c>StepWeightGradients</c>).</param>
    public static void Emit(CodeWriter w, MethodModel m, Planning.WindowPlan? window = null, bool collects = false)
    {
        var cell = m.Cell!;
        if (!cell.Valid)
        {
            EmitStubs(w, m);
            return;
        }
        string contract = cell.Interface + ".";
        int k = cell.StateNames.Count;
        string States(string span) => string.Join(", ", Enumerable.Range(0, k).Select(i => span + "[" + I(i) + "]"));
        string weights = "(" + cell.WeightsType + ")weights";

        w.Line("// The IRecurrentCell contract, implemented from " + m.Name + ": the state is (" + string.Join(", ", cell.StateNames) + "), the output "
            + cell.StateNames[0] + ".");
        w.Line(GeneratedCode.Attribute);
        w.Line("static global::System.Collections.Generic.IReadOnlyList<string> " + contract + "StateNames => new string[] { "
            + string.Join(", ", cell.StateNames.Select(n => "\"" + n + "\"")) + " };");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static string " + contract + "GeneratedFile => \"" + m.HintName + "\";");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static " + Parameters + " " + contract + "ZerosLike(" + Parameters + " weights) => (" + weights + ").ZerosLike();");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static object " + contract + "NewTape() => new " + Signatures.TapeType(m) + "();");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static object " + contract + "NewTape(object sibling) => new " + Signatures.TapeType(m) + "((" + Signatures.TapeType(m) + ")sibling);");
        w.Line();

        string state = "global::System.ReadOnlySpan<" + Tensor + "> state";
        string next = "global::System.Span<" + Tensor + "> next";
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "Forward(" + Parameters + " weights, " + Tensor + " x, " + state + ", " + next + ", object tape)"))
            Spread(w, k, m.Name + "Forward(" + weights + ", x, " + States("state") + ", (" + Signatures.TapeType(m) + ")tape)");
        w.Line();
        // Backward, and BackwardInWindow when Step's backward collects: the contract member over the generated one.
        foreach (var member in collects ? new[] { "Backward", "BackwardInWindow" } : new[] { "Backward" })
        {
            w.Line(GeneratedCode.Attribute);
            using (w.Block("static void " + contract + member + "(object tape, global::System.ReadOnlySpan<" + Tensor + "?> dNext, " + Tensor + "? dx, "
                + Parameters + "? dWeights, global::System.ReadOnlySpan<" + Tensor + "?> dState)"))
                w.Line(m.Name + member + "((" + Signatures.TapeType(m) + ")tape, " + States("dNext") + ", (" + cell.WeightsType + "?)dWeights, dx, " + States("dState") + ");");
            w.Line();
        }
        var recurrentCollects = window is { Recurrent: { WindowProducts.Count: > 0 } };
        if (collects || recurrentCollects)
        {
            w.Line(GeneratedCode.Attribute);
            using (w.Block("static void " + contract + "AddWindowGradients(object tape)"))
            {
                if (collects) w.Line("if (tape is " + Signatures.TapeType(m) + " step) " + m.Name + "WeightGradients(step);");
                if (recurrentCollects)
                {
                    var recurrentModel = window!.Recurrent!.Model;
                    w.Line("if (tape is " + Signatures.TapeType(recurrentModel) + " recurrent) " + recurrentModel.Name + "WeightGradients(recurrent);");
                }
            }
            w.Line();
        }
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "Evaluate(" + Parameters + " weights, " + Tensor + " x, " + state + ", " + next + ")"))
            Spread(w, k, m.Name + "(" + weights + ", x, " + States("state") + ")");
        if (window is { Inputs: { } inputs, Recurrent: { } recurrent }) EmitWindow(w, m, inputs.Model, recurrent.Model, window);
    }

    /// <summary>Whether a step keeps the elements of window value <paramref name="i"/> (its parameter after the weights)
    /// beyond its own pass, so that the recurrence must hand each step rows of its own: the recurrent part's backward reads
    /// them (not only their shape), or the step returns the value itself as a state (<c>return (x, …)</c>, a value of the
    /// input side returned unchanged), which the next step reads.</summary>
    private static bool ElementsRead(Planning.MethodPlan recurrent, int i)
    {
        int id = recurrent.Model.Parameters[1 + i].ValueId;
        return recurrent.Values[id].ElementsRead || Returned(recurrent.Model, id);
    }

    /// <summary>Whether the method returns value <paramref name="id"/> itself, directly or through copies (<c>y = x</c>).</summary>
    private static bool Returned(MethodModel m, int id)
    {
        var aliases = new System.Collections.Generic.HashSet<int> { id };
        foreach (var step in m.Steps)
        {
            if (step.Kind == StepKind.Copy && step.Arguments.Any(a => aliases.Contains(a.ValueId))) aliases.UnionWith(step.Results);
            if (step.Kind == StepKind.Return && step.Arguments.Any(a => aliases.Contains(a.ValueId))) return true;
        }
        return false;
    }

    /// <summary>The window form's members: which values each step takes by rows, and the two parts over spans.</summary>
    private static void EmitWindow(CodeWriter w, MethodModel m, MethodModel inputs, MethodModel recurrent, Planning.WindowPlan window)
    {
        var cell = m.Cell!;
        string contract = cell.Interface + ".";
        string weights = "(" + cell.WeightsType + ")weights";
        int k = cell.StateNames.Count, n = window.Values.Count, outputs = inputs.Outputs.Count;
        string Span(string name, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => name + "[" + I(i) + "]"));
        string inputsTape = Signatures.TapeType(inputs), recurrentTape = Signatures.TapeType(recurrent);
        w.Line();
        w.Line("// The window form: " + inputs.Name + " once over the window's rows, " + recurrent.Name + " per step.");
        w.Line(GeneratedCode.Attribute);
        w.Line("static global::System.Collections.Generic.IReadOnlyList<bool> " + contract + "WindowValueRows => new bool[] { "
            + string.Join(", ", window.Values.Select(v => v.Rows ? "true" : "false")) + " };");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static global::System.Collections.Generic.IReadOnlyList<bool> " + contract + "WindowValuesRead => new bool[] { "
            + string.Join(", ", Enumerable.Range(0, n).Select(i => ElementsRead(window.Recurrent!, i) ? "true" : "false")) + " };");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static object " + contract + "NewInputsTape() => new " + inputsTape + "();");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "InputsForward(" + Parameters + " weights, " + Tensor + " inputs, global::System.Span<" + Tensor + "> values, object tape)"))
        {
            string call = inputs.Name + "Forward(" + weights + ", inputs, (" + inputsTape + ")tape)";
            w.Line("var result = " + call + ";");
            for (int i = 0; i < n; i++)
            {
                var v = window.Values[i];
                string value = v.Output < 0 ? "inputs" : outputs == 1 ? "result" : "result.Item" + I(v.Output + 1);
                w.Line("values[" + I(i) + "] = " + value + "; // " + v.Name);
            }
        }
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "InputsBackward(object tape, global::System.ReadOnlySpan<" + Tensor + "?> dValues, " + Tensor + "? dInputs, "
            + Parameters + "? dWeights)"))
        {
            var byOutput = Enumerable.Range(0, outputs).Select(o => "dValues[" + I(window.Values.Select((v, i) => (v, i)).First(p => p.v.Output == o).i) + "]");
            w.Line(inputs.Name + "Backward((" + inputsTape + ")tape, " + string.Join(", ", byOutput) + ", (" + cell.WeightsType + "?)dWeights, dInputs);");
            for (int i = 0; i < n; i++)
                if (window.Values[i].Output < 0) w.Line("global::AutoGradRnn.Adjoints.Accumulate(dInputs, dValues[" + I(i) + "]); // the input, read by " + recurrent.Name);
        }
        w.Line();
        w.Line(GeneratedCode.Attribute);
        w.Line("static object " + contract + "NewRecurrentTape(object? sibling) => new " + recurrentTape + "((" + recurrentTape + "?)sibling);");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "RecurrentForward(" + Parameters + " weights, global::System.ReadOnlySpan<" + Tensor + "> values, global::System.ReadOnlySpan<"
            + Tensor + "> state, global::System.Span<" + Tensor + "> next, object tape)"))
            Spread(w, k, recurrent.Name + "Forward(" + weights + ", " + Span("values", n) + ", " + Span("state", k) + ", (" + recurrentTape + ")tape)");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block("static void " + contract + "RecurrentBackward(object tape, global::System.ReadOnlySpan<" + Tensor + "?> dNext, global::System.ReadOnlySpan<"
            + Tensor + "?> dValues, " + Parameters + "? dWeights, global::System.ReadOnlySpan<" + Tensor + "?> dState)"))
            w.Line(recurrent.Name + (window.Recurrent!.WindowProducts.Count > 0 ? "BackwardInWindow((" : "Backward((") + recurrentTape + ")tape, " + Span("dNext", k) + ", (" + cell.WeightsType + "?)dWeights, " + Span("dValues", n) + ", "
                + Span("dState", k) + ");");
    }

    /// <summary>The contract's members when Step has not its shape (AGR021 is reported) or its declaration has an error: they
    /// keep the cell's type compiling, so the errors a user sees are the AGR ones, and throw if called.</summary>
    private static void EmitStubs(CodeWriter w, MethodModel m)
    {
        string contract = m.Cell!.Interface + ".";
        string why = m.ContractOnly ? "has errors in its declaration (see its AGR errors)" : "does not have the shape of a cell step (see AGR021)";
        string fail = "throw new global::System.InvalidOperationException(\"" + m.Name + " " + why + ".\");";
        string state = "global::System.ReadOnlySpan<" + Tensor + "> state", next = "global::System.Span<" + Tensor + "> next";
        w.Line("// " + m.Name + " " + why + ": the IRecurrentCell members throw.");
        foreach (var member in new[]
        {
            "global::System.Collections.Generic.IReadOnlyList<string> " + contract + "StateNames => " + fail,
            "string " + contract + "GeneratedFile => " + fail,
            Parameters + " " + contract + "ZerosLike(" + Parameters + " weights) => " + fail,
            "object " + contract + "NewTape() => " + fail,
            "object " + contract + "NewTape(object sibling) => " + fail,
            "void " + contract + "Forward(" + Parameters + " weights, " + Tensor + " x, " + state + ", " + next + ", object tape) => " + fail,
            "void " + contract + "Backward(object tape, global::System.ReadOnlySpan<" + Tensor + "?> dNext, " + Tensor + "? dx, " + Parameters
                + "? dWeights, global::System.ReadOnlySpan<" + Tensor + "?> dState) => " + fail,
            "void " + contract + "Evaluate(" + Parameters + " weights, " + Tensor + " x, " + state + ", " + next + ") => " + fail,
        })
        {
            w.Line(GeneratedCode.Attribute);
            w.Line("static " + member);
        }
    }

    /// <summary>next[0] = call; or, for a tuple, each element into its slot.</summary>
    private static void Spread(CodeWriter w, int k, string call)
    {
        if (k == 1)
        {
            w.Line("next[0] = " + call + ";");
            return;
        }
        w.Line("var result = " + call + ";");
        for (int i = 0; i < k; i++) w.Line("next[" + I(i) + "] = result.Item" + I(i + 1) + ";");
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
