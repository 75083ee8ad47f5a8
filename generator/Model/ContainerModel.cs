using AutoGradRnn.Generator.Infrastructure;

namespace AutoGradRnn.Generator.Model;

/// <summary>A [Parameters] class: its enclosing types (itself last) and its Tensor members in declaration order.</summary>
internal sealed record ContainerModel(string Namespace, EquatableArray<TypeDeclarationModel> Types, string TypeName, EquatableArray<string> Members, string HintName);

internal sealed record ContainerResult(ContainerModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
