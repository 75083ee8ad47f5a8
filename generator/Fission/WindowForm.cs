using AutoGradRnn.Generator.Infrastructure;
using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Fission;

/// <summary>A cell's window form (see <see cref="WindowSplit"/>): the two methods Step splits into, and the values the
/// second takes from the first, or (<see cref="Inputs"/> null) the one-line reason there is none.</summary>
/// <param name="Values">StepRecurrent's parameters between the weights and the state, in order.</param>
internal sealed record WindowForm(MethodModel? Inputs, MethodModel? Recurrent, EquatableArray<WindowValue> Values, string Reason)
{
    public static WindowForm None(string reason) => new(null, null, EquatableArray<WindowValue>.Empty, reason);
}

/// <summary>A value StepRecurrent takes from the work done once per window.</summary>
/// <param name="Name">Its name in the generated code (StepRecurrent's parameter).</param>
/// <param name="Rows">True for a value with one row per input row (each step takes its B rows); false for a weight-only
/// value (each step takes it whole).</param>
/// <param name="Output">Its position among StepInputs' outputs, or −1 for the input itself.</param>
internal sealed record WindowValue(string Name, bool Rows, int Output);
