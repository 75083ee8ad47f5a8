using Microsoft.CodeAnalysis;

namespace AutoGradRnn.Generator.Infrastructure;

/// <summary>A problem found while parsing, as plain values; the real <see cref="Diagnostic"/> is made only in the output step.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
        new(descriptor.Id, LocationInfo.From(node), arguments.ToEquatableArray());

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(descriptor.Id, LocationInfo.From(location), arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location.ToLocation(), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(Arguments, a => (object)a)));
}
