using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>The comments at the top of a generated file: the forward graph, and what the tape keeps per call and
/// per loop iteration, so the memory of a T-step window can be read off before running it.</summary>
internal static class Remarks
{
    public static void Graph(CodeWriter w, MethodPlan plan, int block, string indent)
    {
        var m = plan.Model;
        foreach (int s in plan.BlockSteps[block])
        {
            var step = m.Steps[s];
            switch (step.Kind)
            {
                case StepKind.Primitive or StepKind.Call or StepKind.ScalarBinary or StepKind.ScalarNegate or StepKind.Copy:
                {
                    string results = string.Join(", ", step.Results.Select(plan.NameOf));
                    string flag = step.Results.Any(r => plan.NeedsAdjoint(r)) ? "" : "   (no gradient flows back through this)";
                    w.Line(indent + results + " = " + Expression(plan, step) + flag);
                    break;
                }
                case StepKind.LoopBegin:
                {
                    var loop = m.Loops[step.Structure];
                    string carried = step.Results.Count == 0 ? "" : ", carrying " + string.Join(", ", step.Results.Select(plan.NameOf));
                    w.Line(indent + "for each iteration (line " + Line(plan, loop.Statement) + carried + "):");
                    Graph(w, plan, loop.Body, indent + "    ");
                    break;
                }
                case StepKind.IfBegin:
                {
                    var branch = m.Branches[step.Structure];
                    w.Line(indent + "if (line " + Line(plan, branch.Statement) + "):");
                    Graph(w, plan, branch.Then, indent + "    ");
                    w.Line(indent + "else:");
                    Graph(w, plan, branch.Else, indent + "    ");
                    break;
                }
            }
        }
    }

    /// <summary>Lists the saved values once per call and per iteration of each loop.</summary>
    public static void Storage(CodeWriter w, MethodPlan plan)
    {
        var m = plan.Model;
        var shapes = ShapeFormulas.Infer(plan);
        w.Line("//");
        w.Line("// What the tape keeps, with each tensor's shape in the arguments' shapes (x: the shape of x; x[i]: its");
        w.Line("// dimension i, negative from the end; x[..-1]: all but the last): the values some rule reads, or that outlive");
        w.Line("// their step. A window of T iterations keeps T of each per-iteration list. Values whose shapes alone are read");
        w.Line("// are kept as shapes (no elements); the rest, and one adjoint per tensor, live in the scratch, one buffer each");
        w.Line("// for every iteration and for the tapes made from this one.");
        var once = m.Values.Where(v => v.Loop < 0 && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary).ToList();
        w.Line("//   once per call: " + Describe(plan, once, shapes));
        foreach (var loop in m.Loops)
        {
            var per = m.Values.Where(v => v.Loop == loop.Id).ToList();
            int calls = m.Steps.Where((s, i) => s.Kind == StepKind.Call && m.Blocks[s.Block].Loop == loop.Id).Count();
            string tapes = calls == 0 ? "" : "; and " + calls.ToString(CultureInfo.InvariantCulture) + " callee tape" + (calls == 1 ? "" : "s") + " (see the callee's file)";
            w.Line("//   per iteration of the loop at line " + Line(plan, loop.Statement) + ": " + Describe(plan, per, shapes) + tapes);
        }
        var scratch = plan.Values.Where(v => v.Buffer?.Tape == plan.Scratch).Select(v => v.Name.Text).ToList();
        int adjoints = m.Values.Count(v => plan.NeedsAdjoint(v.Id) && v.Kind == ValueKind.Tensor && v.Origin is ValueOrigin.Local or ValueOrigin.Temporary);
        if (scratch.Count + adjoints > 0)
            w.Line("//   scratch: " + (scratch.Count == 0 ? "" : Count(scratch.Count, "tensor") + " (" + string.Join(", ", scratch) + ") and ") + Count(adjoints, "adjoint"));
    }

    /// <summary>The window form in one paragraph, or in one line why there is none.</summary>
    public static void Window(CodeWriter w, MethodModel m, WindowPlan window)
    {
        w.Line("//");
        if (window.Inputs is null)
        {
            w.Line("// No window form (every step of a window runs all of " + m.Name + "): " + window.Reason + ".");
            return;
        }
        string Describe(Fission.WindowValue v) => v.Name + (v.Output < 0 ? " (its B rows of the input)" : v.Rows ? " (its B rows)" : " (whole, weight-only)");
        w.Line("// Window form: " + m.Name + "Inputs runs once over all T·B rows of a window and " + m.Name + "Recurrent once per step,");
        w.Line("// taking " + string.Join(", ", window.Values.Select(Describe)) + ".");
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static string Describe(MethodPlan plan, List<ValueModel> all, SymbolicShape[] shapes)
    {
        var values = all.Where(v => plan.IsKept(v.Id)).ToList();
        var shapeOnly = all.Where(v => plan.Values[v.Id].Storage == ValueStorage.ShapeOnly).Select(v => plan.NameOf(v.Id)).ToList();
        string shapeList = shapeOnly.Count == 0 ? "" : (values.Count == 0 ? "" : "; ") + "shapes only: " + string.Join(", ", shapeOnly);
        if (values.Count == 0) return shapeOnly.Count == 0 ? "nothing" : shapeList;
        int tensors = values.Count(v => v.Kind == ValueKind.Tensor);
        int scalars = values.Count(v => v.Kind == ValueKind.Scalar);
        int others = values.Count - tensors - scalars;
        var parts = new List<string>();
        if (tensors > 0) parts.Add(tensors.ToString(CultureInfo.InvariantCulture) + " tensor" + (tensors == 1 ? "" : "s") + ": " + string.Join(", ", values.Where(v => v.Kind == ValueKind.Tensor).Select(v => plan.NameOf(v.Id) + " " + Bracket(shapes[v.Id]))));
        if (scalars > 0) parts.Add(scalars.ToString(CultureInfo.InvariantCulture) + " double" + (scalars == 1 ? "" : "s") + " (" + string.Join(", ", values.Where(v => v.Kind == ValueKind.Scalar).Select(v => plan.NameOf(v.Id))) + ")");
        if (others > 0) parts.Add(string.Join(", ", values.Where(v => v.Kind == ValueKind.Passive).Select(v => plan.NameOf(v.Id) + " (" + Short(v.Type) + ")")));
        return string.Join("; ", parts) + shapeList;
    }

    private static string Bracket(SymbolicShape shape) => shape.Whole is not null ? "[" + shape.Whole + "]" : shape.ToString();

    private static string Short(string type) => type.StartsWith("global::", System.StringComparison.Ordinal) ? type.Substring(type.LastIndexOf('.') + 1) : type;

    private static string Line(MethodPlan plan, int statement) => plan.Model.Statements[statement].Position;

    public static string Expression(MethodPlan plan, StepModel step) => step.Kind switch
    {
        StepKind.Primitive or StepKind.Call => ForwardEmitter.ShortCall(plan, step),
        StepKind.ScalarNegate => "-" + plan.NameOf(step.Arguments[0]),
        StepKind.Copy => plan.NameOf(step.Arguments[0]),
        _ => plan.NameOf(step.Arguments[0]) + " " + step.Callee + " " + plan.NameOf(step.Arguments[1]),
    };
}
