using System.Globalization;
using System.Linq;
using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>Emits what a [Parameters] class needs for optimizers, checkpoints and the checker, without reflection.</summary>
internal static class ContainerEmitter
{
    public static string Emit(ContainerModel m)
    {
        var w = new CodeWriter();
        FileFrame.Open(w, new string[0]);
        if (m.Namespace.Length > 0)
        {
            w.Line("namespace " + m.Namespace + ";");
            w.Line();
        }
        var closers = m.Types.Take(m.Types.Count - 1).Select(t => w.Block("partial " + t.Keyword + " " + t.Name)).ToList();
        var self = m.Types[m.Types.Count - 1];
        const string Tensor = "global::AutoGradRnn.Tensor";
        const string Named = "global::AutoGradRnn.NamedTensor";
        w.Line(GeneratedCode.Attribute);
        using (w.Block("partial " + self.Keyword + " " + self.Name + " : global::AutoGradRnn.IParameters"))
        {
            w.Line("/// <summary>The number of Tensor members.</summary>");
            w.Line("public const int TensorCount = " + m.Members.Count.ToString(CultureInfo.InvariantCulture) + ";");
            w.Line();
            w.Line("/// <summary>Every Tensor member in declaration order, named <c>prefix + member</c>.</summary>");
            using (w.Block("public global::System.Collections.Generic.IReadOnlyList<" + Named + "> NamedTensors(string prefix = \"\")"))
                w.Line("return new " + Named + "[] { " + string.Join(", ", m.Members.Select(n => "new " + Named + "(prefix + \"" + n + "\", " + Identifiers.Escape(n) + ")")) + " };");
            w.Line();
            w.Line("/// <summary>A container of zeros with the same shapes and element types: the gradient of this one.</summary>");
            w.Line("public " + m.TypeName + " ZerosLike() => new " + m.TypeName + " { " + string.Join(", ", m.Members.Select(Identifiers.Escape).Select(n => n + " = " + Tensor + ".ZerosLike(" + n + ")")) + " };");
            w.Line();
            w.Line("/// <summary>Sets every tensor to zero.</summary>");
            using (w.Block("public void ZeroAll()"))
            {
                foreach (var n in m.Members) w.Line(Identifiers.Escape(n) + ".Zero();");
            }
            w.Line();
            w.Line("/// <summary>A container whose members are <c>tensors[start]</c>, <c>tensors[start + 1]</c>, … in declaration order (shared, not copied).</summary>");
            w.Line("public static " + m.TypeName + " FromTensors(global::System.Collections.Generic.IReadOnlyList<" + Tensor + "> tensors, int start = 0) =>");
            w.Line("    new " + m.TypeName + " { " + string.Join(", ", m.Members.Select((n, i) => Identifiers.Escape(n) + " = tensors[start + " + i.ToString(CultureInfo.InvariantCulture) + "]")) + " };");
        }
        for (int i = closers.Count - 1; i >= 0; i--) closers[i].Dispose();
        return w.ToString();
    }
}
