using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.Tests.Generator;

/// <summary>Issue 16's loose end: a [Fuses] declaration the generator could not read was dropped silently. Every way one
/// can be wrong is AGR025 at its composition argument, naming the fused primitive, what is wrong and what was expected;
/// every valid one (the runtime's among them) reads without a diagnostic.</summary>
public class FusionDiagnosticTests
{
    /// <summary>The user's primitives the compositions below call, in the fused primitive's own type.</summary>
    private const string Primitives = """
        [DerivativeRule(nameof(TwiceBackward))] public static Tensor Twice(Tensor x) => Scale(x, 2.0);
        public static void TwiceBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
        [DerivativeRule(nameof(HalveBackward))] public static Tensor Halve(Tensor x) => Scale(x, 0.5);
        public static void HalveBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }
        [DerivativeRule(nameof(PartBackward))] public static Tensor Part(Tensor x, int index, int count) => Slice(x, index, count);
        public static void PartBackward(Tensor x, int index, int count, Tensor y, Tensor dy, Tensor? dx) { }
        [DerivativeRule(nameof(BothBackward))] public static Tensor Both(Tensor a, Tensor b) => Add(a, b);
        public static void BothBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) { }
        [DerivativeRule(nameof(TotalBackward))] public static double Total(Tensor x) => Sum(x);
        public static void TotalBackward(Tensor x, double y, double dy, Tensor? dx) { }
        [DerivativeRule(nameof(PairBackward))] public static Tensor Pair(Tensor a, Tensor b) => Add(a, b);
        public static void PairBackward(Tensor a, Tensor b, Tensor y, Tensor dy, Tensor? da, Tensor? db) { }
        [DerivativeRule(nameof(PairScaledBackward))] public static Tensor Pair(Tensor a, double b) => Scale(a, b);
        public static void PairScaledBackward(Tensor a, double b, Tensor y, Tensor dy, Tensor? da, ref double db) { }
        [DerivativeRule("Missing")] public static Tensor Broken(Tensor x) => x;
        public static Tensor Helper(Tensor x) => x;
        """;

    /// <summary>A fused primitive of one Tensor x, with its rule, under the given [Fuses] argument.</summary>
    private static string Fused(string argument) => "[Fuses(" + argument + ")]\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Fused(Tensor x) => x.Clone();\n"
        + "public static void FusedBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }";

    /// <summary>Runs the generator on class MyOps holding the primitives and <paramref name="members"/>; returns (id, text at
    /// span, message) of every diagnostic it reported.</summary>
    private static List<(string Id, string Span, string Message)> Diagnose(string members, string classModifiers = "public static")
    {
        string source = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\n" + classModifiers + " class MyOps\n{\n" + Primitives + "\n" + members + "\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AGR010");
        return run.GeneratorDiagnostics
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static void AssertAgr025(string members, string span, string problem, string fused = "MyOps.Fused", string classModifiers = "public static")
    {
        var d = Assert.Single(Diagnose(members, classModifiers));
        Assert.Equal("AGR025", d.Id);
        Assert.Equal(span, d.Span);
        Assert.Equal("[Fuses] on '" + fused + "' is never applied: " + problem, d.Message);
    }

    private const string CallExample = "write a call expression, as \"Sigmoid(Slice(x, index, count))\"";

    [Theory]
    [InlineData("Halve(Twice(x)", "CS1026 ') expected' at character 15")]
    [InlineData("", "CS1733 'Expected expression' at character 1")]
    [InlineData("Halve(Twice(x)))", "one ends at character 15 and ')' follows")]
    [InlineData("Halve(Twice(x)) Twice(x)", "one ends at character 15 and 'Twice(x)' follows")]
    [InlineData("Halve(Twice(x),)", "CS1525 'Invalid expression term ')'' at character 16")]
    public void A_composition_that_is_not_C_sharp_is_AGR025(string composition, string error)
    {
        AssertAgr025(Fused("\"" + composition + "\""), "\"" + composition + "\"",
            "'" + composition + "' is not a C# expression: " + error + "; " + CallExample);
    }

    [Theory]
    [InlineData("x", "'x' is a name, not a call")]
    [InlineData("Twice(x) * 2", "'Twice(x) * 2' is an operator (write the primitive whose rule it shares, as Multiply(a, b) for a * b), not a call")]
    [InlineData("x.Shape", "'x.Shape' is a member access, not a call")]
    public void A_composition_that_is_not_a_call_is_AGR025(string composition, string problem)
    {
        AssertAgr025(Fused("\"" + composition + "\""), "\"" + composition + "\"", problem + "; write the composition as a call of primitives, as \"Sigmoid(Slice(x, index, count))\"");
    }

    [Theory]
    [InlineData("MyOps.Halve(Twice(x))", "the callee 'MyOps.Halve' is a member access")]
    [InlineData("Halve(Ops.Tanh(x))", "the callee 'Ops.Tanh' is a member access")]
    [InlineData("Halve<int>(Twice(x))", "the callee 'Halve<int>' is a name with type arguments")]
    public void A_callee_that_is_not_a_simple_name_is_AGR025(string composition, string problem)
    {
        AssertAgr025(Fused("\"" + composition + "\""), "\"" + composition + "\"",
            problem + "; a composition names each primitive by its simple name, as a method of the fused primitive's own type");
    }

    [Theory]
    [InlineData("Part(Twice(x), 0, 4)", "argument '0' of 'Part' is a literal; an argument is a parameter name of the fused primitive or a call of a primitive")]
    [InlineData("Both(Twice(x), x * x)", "argument 'x * x' of 'Both' is an operator (write the primitive whose rule it shares, as Multiply(a, b) for a * b); an argument is a parameter name of the fused primitive or a call of a primitive")]
    [InlineData("Halve(Twice(x: x))", "argument 'x: x' of 'Twice' is named; the arguments of a composition's call go by position")]
    [InlineData("Halve(Twice(ref x))", "argument 'ref x' of 'Twice' is passed by ref; the arguments of a composition's call are values")]
    [InlineData("Halve(Twice(x[0]))", "argument 'x[0]' of 'Twice' is an element access; an argument is a parameter name of the fused primitive or a call of a primitive")]
    public void An_argument_the_reader_cannot_match_is_AGR025(string composition, string problem)
    {
        AssertAgr025(Fused("\"" + composition + "\""), "\"" + composition + "\"", problem);
    }

    [Theory]
    [InlineData("Sigmoid(Twice(x))", "'Sigmoid' is not a method of 'MyOps'; a composition calls primitives of the fused primitive's own type by their simple names")]
    [InlineData("Halve(Helper(x))", "'MyOps.Helper' is not a primitive; a composition calls static methods with a [DerivativeRule]")]
    [InlineData("Halve(TwiceBackward(x))", "'MyOps.TwiceBackward' is not a primitive; a composition calls static methods with a [DerivativeRule]")]
    [InlineData("Halve(Twice(x, x))", "'Twice' is called with 2 arguments, but the primitive 'MyOps.Twice' takes 1")]
    [InlineData("Part(Twice(x))", "'Part' is called with 1 argument, but the primitive 'MyOps.Part' takes 3")]
    [InlineData("Pair(Twice(x), x)", "'MyOps.Pair' has 2 primitives of 2 parameters; a composition's call must name exactly one")]
    [InlineData("Halve(Broken(x))", "the derivative rule of 'MyOps.Broken' does not resolve (AGR011: Primitive 'MyOps.Broken' names the rule 'Missing', but 'Demo.MyOps' has no static method of that name)")]
    public void A_callee_that_is_not_one_primitive_of_the_type_is_AGR025(string composition, string problem)
    {
        AssertAgr025(Fused("\"" + composition + "\""), "\"" + composition + "\"", problem);
    }

    [Theory]
    [InlineData("Halve(Twice(y))", "Tensor x", "'y' is not a parameter of 'MyOps.Fused' (x); an argument is one of its parameter names or a call of a primitive")]
    [InlineData("Halve(Twice(x))", "Tensor x, Tensor unused", "parameter 'unused' of 'MyOps.Fused' does not appear in the composition; each parameter fills a place in it, so that the fused call has all its arguments")]
    [InlineData("Part(Twice(x), index, count)", "Tensor x, double index, int count", "parameter 'index' of 'MyOps.Fused' is 'double', but argument 2 of 'Part' takes 'int'")]
    [InlineData("Twice(Total(x))", "Tensor x", "'Total(x)' returns 'double', but argument 1 of 'Twice' takes 'AutoGradRnn.Tensor'")]
    public void Parameters_that_do_not_fill_the_composition_are_AGR025(string composition, string parameters, string problem)
    {
        string rule = "public static void FusedBackward(" + parameters + ", Tensor y, Tensor dy, "
            + string.Join(", ", parameters.Split(", ").Select(p => p.Split(' ')).Select(p => p[0] == "Tensor" ? "Tensor? d" + p[1] : p[0] == "double" ? "ref double d" + p[1] : null).Where(p => p is not null)) + ") { }";
        AssertAgr025("[Fuses(\"" + composition + "\")]\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Fused(" + parameters + ") => x.Clone();\n" + rule,
            "\"" + composition + "\"", problem);
    }

    [Fact]
    public void A_composition_of_one_call_is_AGR025()
    {
        AssertAgr025(Fused("\"Halve(x)\""), "\"Halve(x)\"",
            "the composition is one call; it needs a call inside a call, since one call alone would replace every call of 'MyOps.Halve' by 'MyOps.Fused'");
    }

    [Fact]
    public void A_composition_returning_another_type_than_the_fused_primitive_is_AGR025()
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")]\n[DerivativeRule(nameof(FusedBackward))] public static double Fused(Tensor x) => 0;\n"
            + "public static void FusedBackward(Tensor x, double y, double dy, Tensor? dx) { }",
            "\"Halve(Twice(x))\"", "'Halve(Twice(x))' returns 'AutoGradRnn.Tensor', but 'MyOps.Fused' returns 'double'; a fused primitive returns what its composition returns");
    }

    [Theory]
    [InlineData("Fused(Twice(x))", "MyOps.Fused")]
    [InlineData("Halve(Fused(x))", "MyOps.Fused")]
    [InlineData("Halve(Same(x))", "MyOps.Same")]
    public void A_composition_calling_the_fused_primitive_or_its_rule_is_AGR025(string composition, string callee)
    {
        AssertAgr025(Fused("\"" + composition + "\"") + "\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Same(Tensor x) => x.Clone();",
            "\"" + composition + "\"", "the composition calls '" + callee + "', whose derivative rule is the one of 'MyOps.Fused' itself; a fused primitive replaces a composition of other primitives");
    }

    private const string FusedExpected = "; a fused primitive is an ordinary static method with its own [DerivativeRule], beside the primitives it composes";

    [Fact]
    public void A_fused_primitive_that_is_not_static_is_AGR025()
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")]\n[DerivativeRule(nameof(FusedBackward))] public Tensor Fused(Tensor x) => x.Clone();\n"
            + "public static void FusedBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }",
            "\"Halve(Twice(x))\"", "'MyOps.Fused' is not static" + FusedExpected, classModifiers: "public");
    }

    [Fact]
    public void A_generic_fused_primitive_is_AGR025()
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")]\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Fused<T>(Tensor x) => x.Clone();\n"
            + "public static void FusedBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }",
            "\"Halve(Twice(x))\"", "'MyOps.Fused' is generic" + FusedExpected);
    }

    [Fact]
    public void A_fused_local_function_is_AGR025()
    {
        AssertAgr025("public static Tensor Outer(Tensor x)\n{\n    return Local(x);\n    [Fuses(\"Halve(Twice(x))\")] static Tensor Local(Tensor x) => x;\n}",
            "\"Halve(Twice(x))\"", "'MyOps.Local' is not an ordinary method (it is a LocalFunction)" + FusedExpected, fused: "MyOps.Local");
    }

    [Fact]
    public void A_fused_primitive_without_its_own_rule_is_AGR025()
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")] public static Tensor Fused(Tensor x) => x.Clone();", "\"Halve(Twice(x))\"",
            "'MyOps.Fused' has no [DerivativeRule]; a fused primitive needs its own rule, which the generated backward calls in place of the composition's rules");
    }

    [Fact]
    public void A_fused_primitive_whose_rule_does_not_resolve_is_AGR025()
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")]\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Fused(Tensor x) => x.Clone();\n"
            + "public static void FusedBackward(Tensor x, Tensor dy, Tensor? dx) { }", "\"Halve(Twice(x))\"",
            "the derivative rule of 'MyOps.Fused' does not resolve (AGR008: The rule 'FusedBackward' of primitive 'MyOps.Fused' does not have the expected signature: "
            + "static void FusedBackward(AutoGradRnn.Tensor x, AutoGradRnn.Tensor y, AutoGradRnn.Tensor dy, Tensor? dx))");
    }

    [Theory]
    [InlineData("private", "public", "'MyOps.Fused' is private")]
    [InlineData("public", "private", "its rule 'MyOps.FusedBackward' is private")]
    public void A_fused_primitive_or_rule_narrower_than_its_composition_is_AGR025(string fused, string rule, string what)
    {
        AssertAgr025("[Fuses(\"Halve(Twice(x))\")]\n[DerivativeRule(nameof(FusedBackward))] " + fused + " static Tensor Fused(Tensor x) => x.Clone();\n"
            + rule + " static void FusedBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }", "\"Halve(Twice(x))\"",
            what + ", but 'MyOps.Halve' of the composition is public; the generated code calls the fused primitive and its rule wherever the composition is written, so each is at least as accessible");
    }

    [Fact]
    public void A_fused_primitive_in_a_generic_type_is_AGR025()
    {
        var d = Assert.Single(Diagnose("public static class Inner<T>\n{\n" + Primitives + "\n" + Fused("\"Halve(Twice(x))\"") + "\n}"));
        Assert.Equal(("AGR025", "\"Halve(Twice(x))\""), (d.Id, d.Span));
        Assert.Equal("[Fuses] on 'Inner.Fused' is never applied: 'Inner.Fused' is declared in the generic type 'Demo.MyOps.Inner<T>'; a fused primitive is declared in a type "
            + "without type parameters, since the generated code calls it by that type's name", d.Message);
    }

    [Fact]
    public void A_null_composition_is_AGR025()
    {
        AssertAgr025(Fused("null!"), "null!",
            "the composition is null; write what 'MyOps.Fused' computes as a call of primitives of 'MyOps' over its parameters, as \"Sigmoid(Slice(x, index, count))\"");
    }

    [Fact]
    public void The_same_composition_declared_twice_is_AGR025_at_the_second()
    {
        AssertAgr025(Fused("\"Halve(Twice(x))\"") + "\n[Fuses(\"Halve(Twice(z))\")]\n[DerivativeRule(nameof(OtherBackward))] public static Tensor Other(Tensor z) => z.Clone();\n"
            + "public static void OtherBackward(Tensor z, Tensor y, Tensor dy, Tensor? dz) { }", "\"Halve(Twice(z))\"",
            "the same composition is declared before it, by [Fuses(\"Halve(Twice(x))\")] on 'MyOps.Fused', which the generator applies in its place; keep one of the two",
            fused: "MyOps.Other");
    }

    [Fact]
    public void Only_the_wrong_declaration_of_several_is_reported()
    {
        var d = Assert.Single(Diagnose("[Fuses(\"Halve(Twice(x))\")]\n[Fuses(\"Twice(Halve(x)\")]\n[Fuses(\"Twice(Halve(x))\")]\n[DerivativeRule(nameof(FusedBackward))] public static Tensor Fused(Tensor x) => x.Clone();\n"
            + "public static void FusedBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) { }"));
        Assert.Equal(("AGR025", "\"Twice(Halve(x)\""), (d.Id, d.Span));
    }

    [Theory]
    [InlineData("\"Halve(Twice(x))\"")]
    [InlineData("\" Halve ( ( Twice(x) ) ) \"")]
    [InlineData("Outer + \"(Twice(x))\"")]
    [InlineData("$\"{nameof(Halve)}({nameof(Twice)}(x))\"")]
    [InlineData("composition: \"Halve(Twice(x))\"")]
    public void A_valid_declaration_is_read_without_a_diagnostic(string argument)
    {
        Assert.Empty(Diagnose(Fused(argument) + "\nprivate const string Outer = \"Halve\";"));
    }

    [Fact]
    public void A_non_constant_argument_is_the_compilers_error_alone()
    {
        string source = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static class MyOps\n{\n" + Primitives
            + "\nprivate static string Text = \"Halve(Twice(x))\";\n" + Fused("Text") + "\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(run.CompilationProblems, d => d.Id == "CS0182");
    }

    /// <summary>Builds Lib.MyOps (the primitives and <paramref name="members"/>) with the generator; returns the run and the
    /// assembly's image.</summary>
    private static (GeneratorHarness Run, byte[] Image) Library(string members, string attributes = "", string kind = "public static class")
    {
        string library = "using AutoGradRnn;\nusing static AutoGradRnn.Ops;\n" + attributes + "\nnamespace Lib;\n" + kind + " MyOps\n{\n" + Primitives + "\n" + members + "\n}\n";
        var built = GeneratorHarness.Run(library);
        using var image = new MemoryStream();
        Assert.True(built.Input.Emit(image).Success);
        return (built, image.ToArray());
    }

    /// <summary>Runs the generator on a [Differentiable] method of assembly "User" that composes Lib's Halve and Twice;
    /// demands that it compiles, and returns its generated file.</summary>
    private static string UseLibrary(byte[] image)
    {
        var user = CSharpCompilation.Create("User",
            new[] { CSharpSyntaxTree.ParseText("using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static partial class M\n{\n"
                + "    [Differentiable] public static double F(Tensor a) => Sum(Lib.MyOps.Halve(Lib.MyOps.Twice(a)));\n}\n", new CSharpParseOptions(LanguageVersion.Latest)) },
            GeneratorHarness.References.Append(MetadataReference.CreateFromImage(image)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(user);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        return run.Generated.Single().Text;
    }

    /// <summary>A declaration in a referenced assembly has no source to point at: the assembly's own build with the
    /// generator reports it, and a user of the assembly sees no diagnostic, just the composition as written.</summary>
    [Fact]
    public void A_wrong_declaration_in_a_referenced_assembly_is_reported_where_that_assembly_is_built()
    {
        var (built, image) = Library(Fused("\"Halve(Twice(y))\""));
        Assert.Equal("AGR025", Assert.Single(built.GeneratorDiagnostics).Id);
        string text = UseLibrary(image);
        Assert.Contains("global::Lib.MyOps.Twice(a", text);
        Assert.DoesNotContain("MyOps.Fused(", text);
    }

    /// <summary>A protected internal fused primitive of public primitives is valid in its assembly, but another assembly
    /// sees it and cannot call it: there the composition stays as written, unless the library grants it its internals.</summary>
    [Theory]
    [InlineData("", false)]
    [InlineData("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"User\")]", true)]
    public void A_fusion_applies_only_where_the_generated_code_can_call_it(string attributes, bool applied)
    {
        var (built, image) = Library(Fused("\"Halve(Twice(x))\"").Replace("public static Tensor Fused", "protected internal static Tensor Fused")
            .Replace("public static void FusedBackward", "protected internal static void FusedBackward"), attributes, "public class");
        Assert.Empty(built.GeneratorDiagnostics);
        string text = UseLibrary(image);
        Assert.Equal(applied, text.Contains("global::Lib.MyOps.Fused(a", StringComparison.Ordinal));
        Assert.Equal(!applied, text.Contains("global::Lib.MyOps.Twice(a", StringComparison.Ordinal));
    }

    /// <summary>Private primitives and their private fusion, used in their own type: the fusion applies there.</summary>
    [Fact]
    public void A_private_fusion_applies_in_its_own_type()
    {
        var run = GeneratorHarness.Run("using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static partial class MyOps\n{\n"
            + Primitives.Replace("public static", "private static") + "\n" + Fused("\"Halve(Twice(x))\"").Replace("public static", "private static")
            + "\n[Differentiable] public static double F(Tensor a) => Sum(Halve(Twice(a)));\n}\n");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("global::Demo.MyOps.Fused(a", run.Generated.Single().Text);
    }

    /// <summary>A generic type's fusion is AGR025 (above), and the method composing its primitives is generated without it,
    /// calling the primitives and their rules through MyOps&lt;int&gt;: it compiles.</summary>
    [Fact]
    public void A_generic_types_fusion_is_not_applied()
    {
        var run = GeneratorHarness.Run("using AutoGradRnn;\nusing static AutoGradRnn.Ops;\nnamespace Demo;\npublic static class MyOps<T>\n{\n" + Primitives + "\n"
            + Fused("\"Halve(Twice(x))\"") + "\n}\npublic static partial class M { [Differentiable] public static double F(Tensor a) => Sum(MyOps<int>.Halve(MyOps<int>.Twice(a))); }\n");
        Assert.Equal("AGR025", Assert.Single(run.GeneratorDiagnostics).Id);
        string text = run.Generated.Single().Text;
        Assert.Contains("global::Demo.MyOps<int>.Twice(a", text);
        Assert.Contains("global::Demo.MyOps<int>.TwiceBackward(", text);
        Assert.DoesNotContain(".Fused(", text);
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>The runtime is not compiled with the generator, so nothing reports a wrong [Fuses] of its own: this test is
    /// the guard. Every declaration in the runtime assembly reads, and the walk finds every one reflection finds.</summary>
    [Fact]
    public void Every_fuses_declaration_of_the_runtime_reads()
    {
        var compilation = GeneratorHarness.Compile("");
        var runtime = compilation.GetTypeByMetadataName("AutoGradRnn.Ops")!.ContainingAssembly;
        var read = new List<string>();
        foreach (var type in Types(runtime.GlobalNamespace))
        {
            foreach (var (fused, declaration) in FusionReader.Declarations(type))
            {
                var fusion = FusionReader.Read(fused, declaration, out var problem);
                Assert.True(problem is null, fused.Name + ": " + problem);
                Assert.NotNull(fusion);
                read.Add(fused.Name);
            }
        }
        var declared = typeof(Tensor).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<FusesAttribute>().Select(_ => m.Name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(declared, read.OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(read.Count >= 3, "found only " + read.Count + " [Fuses] declarations in the runtime");
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container) =>
        container.GetMembers().SelectMany(m => m switch
        {
            INamespaceSymbol ns => Types(ns),
            INamedTypeSymbol type => new[] { type }.Concat(Types(type)),
            _ => Enumerable.Empty<INamedTypeSymbol>(),
        });
}
