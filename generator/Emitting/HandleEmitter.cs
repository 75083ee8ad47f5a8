using System.Collections.Generic;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits <c>{Method}Function(...)</c>: an <c>IDifferentiableFunction</c> over the method's tensors, which the
/// gradient checker and the trainer take without reflection. A method that does not return one double is
/// reduced to a scalar by projecting each output on a given tensor (or multiplying by a given double).</summary>
internal static class HandleEmitter
{
    public static void Emit(CodeWriter w, ReversePlan plan)
    {
        var m = plan.Model;
        bool objective = Signatures.IsScalarObjective(m);
        var projections = objective ? new List<(string Type, string Name)>()
            : m.Outputs.Select(o => (Type: o.Kind == ValueKind.Tensor ? Signatures.Tensor : "double", Name: "projection" + o.Name)).ToList();
        // (type, field name without the underscore, the constructor parameter as C# source)
        var fields = m.Parameters.Select(p => (p.Type, p.Name, p.Identifier)).Concat(projections.Select(p => (p.Type, p.Name, p.Name))).ToList();
        string handle = m.Name + "Function";
        string ctorParams = string.Join(", ", fields.Select(f => f.Item1 + " " + f.Item3));
        string ctorArgs = string.Join(", ", fields.Select(f => f.Item3));

        w.Line("/// <summary>The checker's and trainer's view of <see cref=\"" + m.Name + "\"/>: a scalar function of its tensors (by name).</summary>");
        w.Line(GeneratedCode.Attribute);
        w.Line(m.Accessibility + " static global::AutoGradRnn.IDifferentiableFunction " + handle + "(" + ctorParams + ") =>");
        w.Line("    new " + handle + "Handle(" + ctorArgs + ");");
        w.Line();
        w.Line(GeneratedCode.Attribute);
        using (w.Block("private sealed class " + handle + "Handle : global::AutoGradRnn.IDifferentiableFunction"))
        {
            foreach (var f in fields) w.Line("private readonly " + f.Item1 + " _" + f.Item2 + ";");
            w.Line();
            using (w.Block("public " + handle + "Handle(" + ctorParams + ")"))
            {
                foreach (var f in fields) w.Line("_" + f.Item2 + " = " + f.Item3 + ";");
                var inputs = m.Parameters.Where(p => p.Kind is ValueKind.Tensor or ValueKind.Container).Select(p => p.Kind == ValueKind.Tensor
                    ? "new global::AutoGradRnn.NamedTensor(\"" + p.Name + "\", " + p.Identifier + ")"
                    : ".. " + p.Identifier + ".NamedTensors(\"" + p.Name + ".\")");
                w.Line("Inputs = [" + string.Join(", ", inputs) + "];");
            }
            w.Line();
            w.Line("public global::System.Collections.Generic.IReadOnlyList<global::AutoGradRnn.NamedTensor> Inputs { get; }");
            w.Line();
            string args = string.Join(", ", m.Parameters.Select(p => "_" + p.Name));
            string forward = m.Name + "Forward(" + (args.Length > 0 ? args + ", " : "");
            w.Line("public double Value() => Project(" + forward + "new " + Signatures.TapeType(m) + "()));");
            w.Line();
            using (w.Block("public double ValueAndGradient(global::System.Collections.Generic.IReadOnlyList<" + Signatures.Tensor + "> gradients)"))
            {
                w.Line("var tape = new " + Signatures.TapeType(m) + "();");
                w.Line("var result = " + forward + "tape);");
                if (m.Parameters.Any(p => p.Kind is ValueKind.Tensor or ValueKind.Container)) w.Line("int next = 0;");
                foreach (var p in m.Parameters)
                {
                    switch (p.Kind)
                    {
                        case ValueKind.Tensor:
                            w.Line("var " + p.Adjoint + " = gradients[next++];");
                            break;
                        case ValueKind.Scalar:
                            w.Line("double " + p.Adjoint + " = 0; // scalars are not inputs of the handle");
                            break;
                        case ValueKind.Container:
                            w.Line("var " + p.Adjoint + " = " + p.Type + ".FromTensors(gradients, next);");
                            w.Line("next += " + p.Type + ".TensorCount;");
                            break;
                    }
                }
                var call = new List<string> { "tape" };
                call.AddRange(objective ? new[] { "1.0" } : projections.Select(p => "_" + p.Name));
                call.AddRange(Signatures.InputAdjointArguments(m));
                w.Line(m.Name + "Backward(" + string.Join(", ", call) + ");");
                w.Line("return Project(result);");
            }
            w.Line();
            string projection;
            if (objective) projection = "result";
            else if (!m.ReturnsTuple) projection = Term(m.Outputs[0], "result", "_" + projections[0].Name);
            else projection = string.Join(" + ", m.Outputs.Select((o, i) => Term(o, "result.Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "_" + projections[i].Name)));
            w.Line("private double Project(" + m.ReturnType + " result) => " + projection + ";");
        }
    }

    private static string Term(OutputModel output, string value, string projection) =>
        output.Kind == ValueKind.Tensor ? "global::AutoGradRnn.Ops.Dot(" + value + ", " + projection + ")" : value + " * " + projection;
}
