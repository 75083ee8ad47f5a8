namespace AutoGradRnn.Generator.Infrastructure;

/// <summary>The using directives a generated file repeats from the method's file. Those of a namespace declaration
/// (<c>namespace A { using K = Knobs; … }</c>) are resolved inside that namespace, so the generated file writes them
/// after its namespace line; the model marks them with a prefix.</summary>
internal static class UsingDirectives
{
    private const string Marker = "namespace: ";

    public static string InNamespace(string directive) => Marker + directive;

    public static bool IsInNamespace(string entry) => entry.StartsWith(Marker, System.StringComparison.Ordinal);

    public static string Directive(string entry) => IsInNamespace(entry) ? entry.Substring(Marker.Length) : entry;
}
