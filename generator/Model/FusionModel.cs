using AutoGradRnn.Generator.Infrastructure;

namespace AutoGradRnn.Generator.Model;

/// <summary>A fused primitive and the composition it replaces (its <c>[Fuses]</c>), as the fusion pass matches it against
/// the steps of a method: <see cref="Nodes"/> in pre-order, the composition's outermost call first.</summary>
/// <param name="Name">The fused primitive as <c>Type.Method</c>, for reading.</param>
/// <param name="Composition">The declared composition, as written.</param>
/// <param name="Roles">How each of the fused primitive's arguments is differentiated.</param>
/// <remarks>The remaining members are those of the step it becomes (<see cref="StepModel"/>).</remarks>
internal sealed record FusionModel(
    string Name,
    string Composition,
    EquatableArray<FusionNode> Nodes,
    EquatableArray<ArgumentRole> Roles,
    string Callee,
    string Rule,
    string Formula,
    EquatableArray<string> RuleParameters,
    string Into,
    string ShapeFormula,
    EquatableArray<bool> Reads,
    EquatableArray<bool> RowOperands,
    EquatableArray<int> Product);

/// <summary>One call of a fusion's composition: it matches a primitive step with this derivative rule and this many
/// arguments. Each child is a node's index (≥ 0) or, as <c>~i</c> (&lt; 0), the fused primitive's parameter i.</summary>
internal sealed record FusionNode(string Rule, EquatableArray<int> Children);
