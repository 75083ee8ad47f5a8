using System.Reflection;
using AutoGradRnn.Models.CharLm;

namespace AutoGradRnn.Models.Bench;

/// <summary>
/// The memory a training window keeps per step, measured rather than estimated: the bytes of every tensor (and array of
/// numbers) a model holds after a training window, counted once each by walking its object graph, at windows of
/// <c>S</c> and <c>2·S</c> steps; the difference over <c>S</c> is what one more step costs: the tapes' kept values, the
/// per-step input and state copies, and the per-step rows of the window-level values (an output layer's probabilities).
/// The weights are not counted; buffers whose size does not depend on the window's length cancel out.
/// </summary>
public static class WindowMemory
{
    /// <summary>Bytes per step of a training window of <paramref name="model"/> (a fresh one: this trains it two windows)
    /// at <paramref name="batch"/> streams, from windows of <paramref name="seq"/> and 2·<paramref name="seq"/> steps.</summary>
    public static double BytesPerStep(CharLanguageModel model, int batch, int seq, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rng = new Rng(seed);
        var gradients = model.NewGradients();
        long Window(int steps)
        {
            int[][] Tokens() => Enumerable.Range(0, steps).Select(_ => Enumerable.Range(0, batch).Select(_ => rng.NextInt(model.Config.Vocabulary)).ToArray()).ToArray();
            model.TrainWindow(Tokens(), Tokens(), model.NewState(batch), gradients);
            return ReachableBytes(model);
        }
        long shorter = Window(seq), longer = Window(2 * seq);
        return (longer - shorter) / (double)seq;
    }

    /// <summary>The bytes of the tensors and number arrays reachable from <paramref name="root"/> through instance fields,
    /// each object counted once; weight containers (<see cref="IParameters"/>) are not entered.</summary>
    public static long ReachableBytes(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        long bytes = 0;
        while (pending.Count > 0)
        {
            var o = pending.Pop();
            if (!seen.Add(o)) continue;
            switch (o)
            {
                case Tensor t:
                    if (!t.IsShapeOnly) bytes += (long)t.Length * (t.DType == DType.Float32 ? sizeof(float) : sizeof(double));
                    continue;
                case IParameters or string or Type or Delegate or Rng:
                    continue;
                case Array a when a.GetType().GetElementType()!.IsPrimitive:
                    bytes += (long)a.Length * System.Runtime.InteropServices.Marshal.SizeOf(a.GetType().GetElementType()!);
                    continue;
                case Array a:
                    foreach (var item in a)
                        if (item is not null) pending.Push(item);
                    continue;
            }
            for (var type = o.GetType(); type is not null && type != typeof(object); type = type.BaseType)
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    if (!field.FieldType.IsValueType && field.GetValue(o) is { } value) pending.Push(value);
        }
        return bytes;
    }
}
