using System.Reflection;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every primitive of the runtime that returns a Tensor names its destination-passing form in
/// <see cref="DerivativeRuleAttribute.Into"/>, and that method exists with the convention's signature; so a new
/// primitive cannot forget it.</summary>
public class IntoSignatureTests
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;

    private static IEnumerable<(MethodInfo Primitive, DerivativeRuleAttribute Rule)> Primitives(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(PublicStatic | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        let rule = method.GetCustomAttribute<DerivativeRuleAttribute>()
        where rule is not null
        select (method, rule);

    private static string Describe(MethodInfo m) =>
        $"{m.DeclaringType!.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>The problems with one primitive's Into, or none.</summary>
    private static IEnumerable<string> Problems(MethodInfo primitive, DerivativeRuleAttribute rule)
    {
        string name = Describe(primitive);
        if (primitive.ReturnType != typeof(Tensor))
        {
            if (rule.Into is not null) yield return $"{name} returns {primitive.ReturnType.Name} but names Into = {rule.Into}; only Tensor results have one.";
            yield break;
        }
        if (rule.Into is null)
        {
            yield return $"{name} returns a Tensor but its [DerivativeRule] names no Into.";
            yield break;
        }
        var owner = rule.RuleType ?? primitive.DeclaringType!;
        var parameters = primitive.GetParameters().Select(p => p.ParameterType).Append(typeof(Tensor)).ToArray();
        var into = owner.GetMethod(rule.Into, PublicStatic, parameters);
        if (into is null)
        {
            yield return $"{name}: no public static {owner.Name}.{rule.Into}({string.Join(", ", parameters.Select(p => p.Name))}).";
            yield break;
        }
        if (into.ReturnType != typeof(Tensor)) yield return $"{Describe(into)} returns {into.ReturnType.Name}, not Tensor.";
        var last = into.GetParameters()[^1];
        if (new NullabilityInfoContext().Create(last).WriteState != NullabilityState.Nullable)
            yield return $"{Describe(into)}: its last parameter must be Tensor? (null asks for a new tensor).";
        if (last.Name != "into") yield return $"{Describe(into)}: its last parameter is named {last.Name}, not into.";
        var primitiveNames = primitive.GetParameters().Select(p => p.Name);
        var intoNames = into.GetParameters().SkipLast(1).Select(p => p.Name);
        if (!primitiveNames.SequenceEqual(intoNames))
            yield return $"{Describe(into)}: its parameters are not named as the primitive's.";
    }

    [Fact]
    public void Every_tensor_primitive_of_the_runtime_names_an_into_form_with_the_convention_signature()
    {
        var primitives = Primitives(typeof(Tensor).Assembly).ToList();

        Assert.True(primitives.Count(p => p.Primitive.ReturnType == typeof(Tensor)) >= 30, $"found only {primitives.Count} primitives");
        var problems = primitives.SelectMany(p => Problems(p.Primitive, p.Rule)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_operators_are_primitives_with_into_forms()
    {
        var operators = Primitives(typeof(Tensor).Assembly).Where(p => p.Primitive.IsSpecialName).ToList();

        Assert.Equal(12, operators.Count); // + − ∘ / on tensors, unary −, x·s, s·x, s − x, x + s, s + x, x − s, x / s
        Assert.All(operators, p => Assert.NotNull(p.Rule.Into));
    }

    [Fact]
    public void The_user_defined_example_follows_the_same_convention()
    {
        var problems = Primitives(typeof(SoftplusExample).Assembly)
            .Where(p => p.Primitive.DeclaringType == typeof(SoftplusExample))
            .SelectMany(p => Problems(p.Primitive, p.Rule)).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
