using System.Reflection;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>
/// Every public method of <see cref="Ops"/> and every static one of <see cref="Tensor"/> (its operators) given null for a
/// tensor it requires (a parameter not declared <c>Tensor?</c>) throws <see cref="ArgumentNullException"/> naming that
/// parameter (and, for a primitive or rule, the operation) before it reads anything: never a
/// <see cref="NullReferenceException"/> from inside a kernel.
/// </summary>
public class NullArgumentTests
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (method, index) in Pairs()) data.Add(Describe(method), index);
        return data;
    }

    private static IEnumerable<MethodInfo> Methods() =>
        typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.Static).Concat(typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => !m.IsGenericMethodDefinition);

    private static IEnumerable<(MethodInfo Method, int Index)> Pairs() =>
        Methods()
            .SelectMany(m => m.GetParameters().Where(p => p.ParameterType == typeof(Tensor) && Nullability.Create(p).WriteState == NullabilityState.NotNull)
                .Select(p => (m, p.Position)));

    private static string Describe(MethodInfo m) => m.DeclaringType!.Name + "." + m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name)) + ")";

    [Fact]
    public void Every_public_primitive_and_rule_is_covered()
    {
        var pairs = Pairs().ToList();
        Assert.True(pairs.Count >= 230, $"{pairs.Count} (method, tensor parameter) pairs");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_null_tensor_is_an_ArgumentNullException_naming_it(string method, int index)
    {
        var m = Methods().Single(x => Describe(x) == method);
        var parameter = m.GetParameters()[index];
        var args = m.GetParameters().Select(p => p.Position == index ? null : Value(p)).ToArray();
        var thrown = Assert.Throws<TargetInvocationException>(() => m.Invoke(null, args)).InnerException;
        var error = Assert.IsType<ArgumentNullException>(thrown);
        Assert.Equal(parameter.Name, error.ParamName);
        // A primitive's or rule's message names it; an operator's names the primitive it calls (Add for +).
        if (m.DeclaringType == typeof(Ops)) Assert.Contains(m.Name + ":", error.Message, StringComparison.Ordinal);
    }

    private static object? Value(ParameterInfo p) => p.ParameterType switch
    {
        var t when t == typeof(Tensor) => Nullability.Create(p).WriteState == NullabilityState.NotNull ? Tensor.Zeros(DType.Float64, 2, 2) : null,
        var t when t == typeof(int) => 1,
        var t when t == typeof(double) => 0.5,
        var t when t == typeof(double).MakeByRefType() => 0.0,
        var t when t == typeof(float) => 0.5f,
        var t when t == typeof(bool) => false,
        var t when t == typeof(int[]) => new[] { 0 },
        var t when !t.IsValueType => null,
        var t => Activator.CreateInstance(t),
    };
}
