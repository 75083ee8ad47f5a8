using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Parsing;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits the forward pass: the method's own computation, flattened, saving each value into the tape.</summary>
internal static class ForwardEmitter
{
    public static void Emit(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        string tape = plan.TapeParameter;
        w.Line("/// <summary>The forward pass of <see cref=\"" + m.Name + "\"/>: computes its value and saves in <paramref name=\"" + tape + "\"/> what the backward pass reads.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block(m.Accessibility + " static " + m.ReturnType + " " + m.Name + "Forward(" + Join(Signatures.Parameters(m), Signatures.TapeType(m) + " " + tape) + ")"))
        {
            foreach (var p in m.Parameters.Where(p => p.Kind != ValueKind.Passive)) w.Line(tape + "." + p.Name + " = " + p.Name + ";");
            int statement = -1;
            for (int s = 0; s < m.Steps.Count; s++)
            {
                var step = m.Steps[s];
                if (step.Statement != statement && step.Statement >= 0)
                {
                    statement = step.Statement;
                    w.Line();
                    w.Line(QuoteStatement(m.Statements[statement]));
                }
                EmitStep(w, plan, s, step, tape);
            }
        }
    }

    private static void EmitStep(CodeWriter w, ReversePlan plan, int index, StepModel step, string tape)
    {
        var m = plan.Model;
        string Name(int id) => plan.Names[id];
        string Save(int id) => tape + "." + Name(id) + " = ";
        switch (step.Kind)
        {
            case StepKind.Primitive:
                w.Line("var " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + Call(plan, step) + ";");
                break;
            case StepKind.Call:
            {
                string call = step.Callee + "Forward(" + Join(string.Join(", ", step.Arguments.Select(plan.NameOf)), tape + "." + plan.CallTapes[index]) + ")";
                if (step.Results.Count == 1) w.Line("var " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + call + ";");
                else
                {
                    w.Line("var (" + string.Join(", ", step.Results.Select(Name)) + ") = " + call + ";");
                    foreach (var r in step.Results) w.Line(tape + "." + Name(r) + " = " + Name(r) + ";");
                }
                break;
            }
            case StepKind.ScalarBinary:
                w.Line("double " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + plan.NameOf(step.Arguments[0]) + " " + step.Callee + " " + plan.NameOf(step.Arguments[1]) + ";");
                break;
            case StepKind.ScalarNegate:
                w.Line("double " + Name(step.Results[0]) + " = " + Save(step.Results[0]) + "-" + plan.NameOf(step.Arguments[0]) + ";");
                break;
            case StepKind.Constant:
            {
                var value = m.Values[step.Results[0]];
                w.Line(value.Type + " " + Name(value.Id) + " = " + Save(value.Id) + Placeholder.Substitute(step.Callee, id => plan.Names[id]) + ";");
                break;
            }
            case StepKind.Passive:
                w.Line(Placeholder.Substitute(step.Callee, id => plan.Names[id]));
                break;
            case StepKind.Return:
                w.Line(step.Arguments.Count == 1 && !m.ReturnsTuple
                    ? "return " + plan.NameOf(step.Arguments[0]) + ";"
                    : "return (" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ");");
                break;
        }
    }

    /// <summary>The forward expression of a primitive step: operator syntax or a qualified call.</summary>
    public static string Call(ReversePlan plan, StepModel step)
    {
        var args = step.Arguments.Select(plan.NameOf).ToList();
        if (!step.IsOperator) return step.Callee + "(" + string.Join(", ", args) + ")";
        return args.Count == 1 ? step.Callee + args[0] : args[0] + " " + step.Callee + " " + args[1];
    }

    /// <summary>The comment that quotes a source statement above the code it became: <c>// line 16: var c = …;</c>.</summary>
    public static string QuoteStatement(StatementModel statement) =>
        "// line " + statement.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + statement.Text;

    /// <summary>The forward expression as a comment shows it: the primitive's or called method's simple name.</summary>
    public static string ShortCall(ReversePlan plan, StepModel step) =>
        step.IsOperator ? Call(plan, step) : step.Callee.Substring(step.Callee.LastIndexOf('.') + 1) + "(" + string.Join(", ", step.Arguments.Select(plan.NameOf)) + ")";

    private static string Join(string a, string b) => a.Length == 0 ? b : a + ", " + b;
}
