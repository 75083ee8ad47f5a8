using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits <c>{Method}Function(...)</c>: an <c>IDifferentiableFunction</c> over the method's tensors and doubles,
/// which the gradient checker and the trainer take without reflection. A method that does not return one double is
/// reduced to a scalar by projecting each output on a given tensor (or multiplying by a given double).
/// <c>Value()</c> calls the user's own method, so the checker differentiates what the C# compiler compiled, not the
/// generated forward; <c>ValueAndGradient</c> runs the generated forward and backward, and <c>CompareForward</c> sets
/// every output of the generated forward beside the method's. A double argument is a rank-0 float64 input, perturbed
/// and checked like a tensor; a float argument is held fixed (a float cannot carry the checker's small steps).</summary>
internal static class HandleEmitter
{
    public static void Emit(CodeWriter w, MethodPlan plan)
    {
        var m = plan.Model;
        bool objective = Signatures.IsScalarObjective(m);
        var projections = objective ? new List<(string Type, string Name)>()
            : m.Outputs.Select(o => (Type: o.Kind == ValueKind.Tensor ? Signatures.Tensor : "double", Name: "projection" + o.Name)).ToList();
        string handle = m.Name + "Function";
        string ctorParams = string.Join(", ", m.Parameters.Select(p => p.Type + " " + p.Identifier).Concat(projections.Select(p => p.Type + " " + p.Name)));
        string ctorArgs = string.Join(", ", m.Parameters.Select(p => p.Identifier).Concat(projections.Select(p => p.Name)));

        w.Line("/// <summary>The checker's and trainer's view of <see cref=\"" + m.Name + "\"/>: a scalar function of its tensors and doubles (by name),");
        w.Line("/// whose value is the method's own and whose gradient is the generated code's.</summary>");
        w.Line(GeneratedCode.Attribute);
        w.Line(m.Accessibility + " static global::AutoGradRnn.IDifferentiableFunction " + handle + "(" + ctorParams + ") =>");
        w.Line("    new " + handle + "Handle(" + ctorArgs + ");");
        w.Line();
        w.Line("#pragma warning disable CS0612, CS0618 // the handle calls the method itself, which may be obsolete");
        w.Line(GeneratedCode.Attribute);
        using (w.Block("private sealed class " + handle + "Handle : global::AutoGradRnn.IDifferentiableFunction"))
        {
            foreach (var p in m.Parameters) w.Line("private readonly " + (IsInput(p) ? Signatures.Tensor : p.Type) + " _" + p.Name + ";" + (IsInput(p) ? " // a rank-0 input: perturbed and checked like a tensor" : ""));
            foreach (var p in projections) w.Line("private readonly " + p.Type + " _" + p.Name + ";");
            w.Line();
            using (w.Block("public " + handle + "Handle(" + ctorParams + ")"))
            {
                foreach (var p in m.Parameters)
                    w.Line("_" + p.Name + " = " + (IsInput(p) ? Signatures.Tensor + ".Scalar(global::AutoGradRnn.DType.Float64, " + p.Identifier + ")" : p.Identifier) + ";");
                foreach (var p in projections) w.Line("_" + p.Name + " = " + p.Name + ";");
                var inputs = m.Parameters.Where(p => p.Kind is ValueKind.Tensor or ValueKind.Container || IsInput(p)).Select(p => p.Kind == ValueKind.Container
                    ? ".. " + p.Identifier + ".NamedTensors(\"" + p.Name + ".\")"
                    : "new global::AutoGradRnn.NamedTensor(\"" + p.Name + "\", _" + p.Name + ")");
                w.Line("Inputs = [" + string.Join(", ", inputs) + "];");
            }
            w.Line();
            w.Line("public global::System.Collections.Generic.IReadOnlyList<global::AutoGradRnn.NamedTensor> Inputs { get; }");
            w.Line();
            string args = string.Join(", ", m.Parameters.Select(p => IsInput(p) ? "_" + p.Name + ".GetAt(0)" : "_" + p.Name));
            string method = MethodReference(m, handle);
            string forward = m.Name + "Forward(" + (args.Length > 0 ? args + ", " : "");
            w.Line("/// <summary>The user's own method, as the C# compiler compiled it: the checker's finite differences are taken of it.</summary>");
            w.Line("public double Value() => Project(" + method + "(" + args + ")!);");
            w.Line();
            using (w.Block("public double ValueAndGradient(global::System.Collections.Generic.IReadOnlyList<" + Signatures.Tensor + "> gradients)"))
            {
                w.Line("var tape = new " + Signatures.TapeType(m) + "();");
                w.Line("var result = " + forward + "tape);");
                if (m.Parameters.Any(p => p.Kind is ValueKind.Tensor or ValueKind.Container || IsInput(p))) w.Line("int next = 0;");
                var scalarInputs = new List<ParameterModel>();
                foreach (var p in m.Parameters)
                {
                    switch (p.Kind)
                    {
                        case ValueKind.Tensor:
                            w.Line("var " + p.Adjoint + " = gradients[next++];");
                            break;
                        case ValueKind.Scalar when IsInput(p):
                            w.Line("double " + p.Adjoint + " = 0;");
                            w.Line("var " + GradientOf(p) + " = gradients[next++];");
                            scalarInputs.Add(p);
                            break;
                        case ValueKind.Scalar:
                            w.Line("double " + p.Adjoint + " = 0; // a float argument is held fixed, not an input of the handle");
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
                foreach (var p in scalarInputs) w.Line(GradientOf(p) + ".SetAt(0, " + GradientOf(p) + ".GetAt(0) + " + p.Adjoint + ");");
                w.Line("return Project(result);");
            }
            w.Line();
            w.Line("/// <summary>Every output of the generated forward beside the same output of the method, at the same inputs.</summary>");
            using (w.Block("public global::System.Collections.Generic.IReadOnlyList<global::AutoGradRnn.ForwardCheck> CompareForward()"))
            {
                w.Line("var generated = " + forward + "new " + Signatures.TapeType(m) + "());");
                w.Line("var reference = " + method + "(" + args + ")!;");
                var compares = m.Outputs.Select((o, i) => "global::AutoGradRnn.ForwardCheck.Compare(\"" + o.Name + "\", "
                    + Element("generated", m, i) + ", " + Element("reference", m, i) + ")");
                w.Line("return [" + string.Join(", ", compares) + "];");
            }
            w.Line();
            string projection;
            if (objective) projection = "result";
            else projection = string.Join(" + ", m.Outputs.Select((o, i) => Term(o, Element("result", m, i), "_" + projections[i].Name)));
            w.Line("private double Project(" + m.ReturnType + " result) => " + projection + ";");
        }
        w.Line("#pragma warning restore CS0612, CS0618");
    }

    /// <summary>The user's method as the handle calls it: by its simple name, which finds the containing type's method,
    /// unless the handle has a member of that name (then qualified: a global name may be ambiguous with a referenced
    /// assembly's type, CS0436).</summary>
    private static string MethodReference(MethodModel m, string handle)
    {
        var hidden = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Value", "ValueAndGradient", "CompareForward", "Project", "Inputs", handle + "Handle",
            "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
        };
        foreach (var p in m.Parameters) hidden.Add("_" + p.Name);
        foreach (var o in m.Outputs) hidden.Add("_projection" + o.Name);
        string name = Infrastructure.Identifiers.Escape(m.Name);
        return hidden.Contains(m.Name) ? m.ContainingTypeFullName + "." + name : name;
    }

    /// <summary>A double argument is an input of the handle (a rank-0 float64 tensor); a float one is held fixed.</summary>
    private static bool IsInput(ParameterModel p) => p.Kind == ValueKind.Scalar && p.Type == "double";

    /// <summary>The gradient tensor of a double input: its adjoint's name with a suffix no adjoint (d…) can have.</summary>
    private static string GradientOf(ParameterModel p) => "gradientOf_" + p.Adjoint;

    private static string Element(string value, MethodModel m, int i) =>
        m.ReturnsTuple ? value + ".Item" + (i + 1).ToString(CultureInfo.InvariantCulture) : value;

    private static string Term(OutputModel output, string value, string projection) =>
        output.Kind == ValueKind.Tensor ? "global::AutoGradRnn.Ops.Dot(" + value + ", " + projection + ")" : value + " * " + projection;
}
