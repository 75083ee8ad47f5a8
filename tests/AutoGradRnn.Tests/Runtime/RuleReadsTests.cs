using System.Reflection;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Every rule reads no more than its [RuleReads] says: given tensors that hold only the shapes of the values it
/// does not name (as generated code gives it), it computes the same bits, in both precisions; reaching the elements of
/// such a tensor would throw.</summary>
public class RuleReadsTests
{
    public static TheoryData<string> Cases() => RuleCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_rule_given_only_the_shapes_of_what_it_does_not_read_computes_the_same_bits(string name)
    {
        var c = RuleCases.Named(name);
        Assert.True(c.Rule is not null, $"the case {name} does not name its rule");
        var declared = c.Rule!.GetCustomAttribute<RuleReadsAttribute>();
        if (declared is null)
        {
            // Only the user-defined example leaves it out: it stands for a rule written before [RuleReads], given everything.
            Assert.Contains("user-defined", name, StringComparison.Ordinal);
            return;
        }
        var (unreadInputs, unreadResult) = Unread(c.Rule, declared);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var (_, expected) = c.Run(dtype, 7);
            var (_, actual) = c.Run(dtype, 7, unreadInputs, unreadResult);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i].ToDoubleArray(), actual[i].ToDoubleArray());
        }
    }

    [Fact]
    public void Every_rule_of_the_runtime_says_what_it_reads_and_has_a_case()
    {
        var rules = typeof(Ops).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Primitive: m, Attribute: m.GetCustomAttribute<DerivativeRuleAttribute>()))
            .Where(p => p.Attribute is not null)
            .SelectMany(p => (p.Attribute!.RuleType ?? p.Primitive.DeclaringType!).GetMethods().Where(r => r.Name == p.Attribute.RuleName
                && r.GetParameters().Length > p.Primitive.GetParameters().Length
                && r.GetParameters().Take(p.Primitive.GetParameters().Length).Select(q => q.ParameterType).SequenceEqual(p.Primitive.GetParameters().Select(q => q.ParameterType))))
            .Distinct().ToList();
        Assert.True(rules.Count >= 30, $"found only {rules.Count} rules");
        var covered = RuleCases.All().Select(c => c.Rule).ToHashSet();
        foreach (var rule in rules)
        {
            Assert.True(rule.GetCustomAttribute<RuleReadsAttribute>() is not null, $"{rule.DeclaringType!.Name}.{rule.Name} does not say what it reads ([RuleReads])");
            Assert.True(covered.Contains(rule), $"{rule.DeclaringType!.Name}.{rule.Name} has no rule case");
        }
    }

    [Fact]
    public void A_shape_only_tensor_has_its_shape_and_refuses_its_elements()
    {
        var t = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
        var shape = Tensor.ShapeOnly(t, null);
        Assert.True(shape.IsShapeOnly);
        Assert.Equal(t.Shape, shape.Shape);
        Assert.Equal(t.DType, shape.DType);
        Assert.Same(shape, Tensor.ShapeOnly(t, shape));
        Assert.NotSame(shape, Tensor.ShapeOnly(t.ToFloat32(), shape));
        Assert.False(shape.Fits(t.DType, t.Shape));
        var e = Assert.Throws<InvalidOperationException>(() => shape.Span<double>());
        Assert.Contains("[RuleReads]", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => shape.GetAt(0));
        Assert.Throws<InvalidOperationException>(() => shape.SetAt(0, 1));
        Assert.Throws<InvalidOperationException>(() => shape.Clone());
        Assert.Throws<InvalidOperationException>(() => t.CopyFrom(shape));
        Assert.Throws<InvalidOperationException>(() => shape.Zero());
        Assert.Throws<InvalidOperationException>(() => Ops.Tanh(shape));
        Assert.Equal("Tensor(Float64, [2, 3]) shape only", shape.ToString());
    }

    /// <summary>The case's inputs (the primitive's Tensor and double parameters, in order) and result that the rule does
    /// not name in [RuleReads]: only Tensor ones, since a double is always passed.</summary>
    private static (List<int> Inputs, bool Result) Unread(MethodInfo rule, RuleReadsAttribute declared)
    {
        var parameters = rule.GetParameters();
        bool Differentiable(Type t) => t == typeof(Tensor) || t == typeof(double);
        int n = Enumerable.Range(0, parameters.Length).Single(k =>
            k + 2 + parameters.Take(k).Count(p => Differentiable(p.ParameterType)) == parameters.Length);
        var inputs = new List<int>();
        int input = 0;
        for (int i = 0; i < n; i++)
        {
            if (!Differentiable(parameters[i].ParameterType)) continue;
            if (parameters[i].ParameterType == typeof(Tensor) && !declared.Parameters.Contains(parameters[i].Name!)) inputs.Add(input);
            input++;
        }
        bool result = parameters[n].ParameterType == typeof(Tensor) && !declared.Parameters.Contains(parameters[n].Name!);
        return (inputs, result);
    }
}
