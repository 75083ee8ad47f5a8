namespace AutoGradRnn.Generator.Emitting;

internal static class GeneratedCode
{
    public const string Tool = "AutoGradRnn.Generator";

    /// <summary>The generator's version as it appears in generated files (scrubbed by the snapshot tests).</summary>
    public const string Version = "0.1.0";

    public const string Attribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + Tool + "\", \"" + Version + "\")]";
}
