using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Runtime;

/// <summary>Primitives given tensors that do not fit throw a <see cref="ShapeException"/> whose message names the
/// operation and every shape involved; an integer index out of range throws ArgumentOutOfRangeException.</summary>
public class ShapeErrorTests
{
    private static Tensor Z(params int[] dims) => Tensor.Zeros(DType.Float64, dims);

    private static Tensor Z32(params int[] dims) => Tensor.Zeros(DType.Float32, dims);

    /// <summary>Each case: the call, the operation it must name, and fragments its message must contain.</summary>
    private static readonly Dictionary<string, (Action Call, string Operation, string[] Fragments)> ShapeCases = new()
    {
        ["Add, incompatible shapes"] = (() => Add(Z(3, 4), Z(5, 2)), "Add", new[] { "[3, 4]", "[5, 2]" }),
        ["Add, vector of the wrong length"] = (() => Add(Z(3, 4), Z(5)), "Add", new[] { "[3, 4]", "[5]" }),
        ["Multiply, incompatible shapes"] = (() => Multiply(Z(2, 3), Z(3, 2)), "Multiply", new[] { "[2, 3]", "[3, 2]" }),
        ["MatVec, vector of the wrong length"] = (() => MatVec(Z(4, 3), Z(5)), "MatVec", new[] { "[4, 3]", "[5]" }),
        ["MatVec, batch rows of the wrong length"] = (() => MatVec(Z(4, 3), Z(2, 4)), "MatVec", new[] { "[4, 3]", "[2, 4]" }),
        ["MatVec, vector for a matrix"] = (() => MatVec(Z(4), Z(4)), "MatVec", new[] { "rank 2", "[4]" }),
        ["MatMul, inner dimensions differ"] = (() => MatMul(Z(3, 4), Z(5, 2)), "MatMul", new[] { "[3, 4]", "[5, 2]" }),
        ["MatMulTransposeB, inner dimensions differ"] = (() => MatMulTransposeB(Z(3, 4), Z(2, 5)), "MatMulTransposeB", new[] { "[3, 4]", "[2, 5]" }),
        ["MatMulTransposeA, inner dimensions differ"] = (() => MatMulTransposeA(Z(4, 3), Z(5, 2)), "MatMulTransposeA", new[] { "[4, 3]", "[5, 2]" }),
        ["Outer, a matrix"] = (() => Outer(Z(2, 2), Z(3)), "Outer", new[] { "rank 1", "[2, 2]" }),
        ["Concat, leading dimensions differ"] = (() => Concat(Z(4, 3), Z(5, 2)), "Concat", new[] { "[4, 3]", "[5, 2]" }),
        ["Concat, ranks differ"] = (() => Concat(Z(3), Z(2, 2)), "Concat", new[] { "[3]", "[2, 2]" }),
        ["Slice, indivisible count"] = (() => Slice(Z(10), 1, 4), "Slice", new[] { "[10]", "4 equal parts" }),
        ["Slice, no parts"] = (() => Slice(Z(8), 0, 0), "Slice", new[] { "positive", "0" }),
        ["SliceRange, past the end"] = (() => SliceRange(Z(2, 7), 5, 4), "SliceRange", new[] { "[5, 9)", "[2, 7]" }),
        ["Softmax, a scalar"] = (() => Softmax(Z()), "Softmax", new[] { "rank 1 to 3", "[]" }),
        ["CrossEntropy, matrix for one row"] = (() => CrossEntropy(Z(3, 7), 1), "CrossEntropy", new[] { "rank 1", "[3, 7]" }),
        ["CrossEntropy, wrong target count"] = (() => CrossEntropy(Z(3, 7), new[] { 1, 2 }), "CrossEntropy", new[] { "[3, 7]", "3 rows", "2 targets" }),
        ["SigmoidCrossEntropy, targets of another shape"] = (() => SigmoidCrossEntropy(Z(3, 7), Z(3, 6)), "SigmoidCrossEntropy", new[] { "[3, 6]", "[3, 7]" }),
        ["SigmoidCrossEntropy, a rank-3 tensor"] = (() => SigmoidCrossEntropy(Z(2, 3, 7), Z(2, 3, 7)), "SigmoidCrossEntropy", new[] { "[2, 3, 7]" }),
        ["Embedding, vector table"] = (() => Embedding(Z(5), 1), "Embedding", new[] { "rank 2", "[5]" }),
        ["Dot, shapes differ"] = (() => Dot(Z(3), Z(4)), "Dot", new[] { "[3]", "[4]" }),
        ["Mean, empty"] = (() => Mean(Z(0)), "Mean", new[] { "[0]" }),
        ["Add, float32 and float64"] = (() => Add(Z32(3), Z(3)), "Add", new[] { "Float32 [3]", "Float64 [3]" }),
        ["MatMul, float32 and float64"] = (() => MatMul(Z(3, 4), Z32(4, 2)), "MatMul", new[] { "Float64 [3, 4]", "Float32 [4, 2]" }),
        ["Concat, float32 and float64"] = (() => Concat(Z32(3), Z(2)), "Concat", new[] { "Float32 [3]", "Float64 [2]" }),
        ["Dot, float32 and float64"] = (() => Dot(Z(3), Z32(3)), "Dot", new[] { "Float64 [3]", "Float32 [3]" }),
        ["AddBackward, adjoint of the wrong shape"] = (() => AddBackward(Z(3, 4), Z(4), Z(3, 4), Z(3, 4), Z(4), null), "AddBackward", new[] { "da", "[4]", "[3, 4]" }),
        ["TanhBackward, float32 adjoint"] = (() => TanhBackward(Z(3), Z(3), Z(3), Z32(3)), "TanhBackward", new[] { "Float32 [3]", "Float64 [3]" }),
    };

    private static readonly Dictionary<string, (Action Call, string[] Fragments)> IndexCases = new()
    {
        ["CrossEntropy, target past the end"] = (() => CrossEntropy(Z(7), 7), new[] { "CrossEntropy", "target 7", "[0, 7)" }),
        ["CrossEntropy, negative target"] = (() => CrossEntropy(Z(7), -1), new[] { "CrossEntropy", "target -1", "[0, 7)" }),
        ["CrossEntropy, one batch target past the end"] = (() => CrossEntropy(Z(2, 7), new[] { 0, 9 }), new[] { "CrossEntropy", "target 9", "[0, 7)" }),
        ["Embedding, index past the end"] = (() => Embedding(Z(5, 3), 5), new[] { "Embedding", "index 5", "[0, 5)" }),
        ["Embedding, one batch index past the end"] = (() => Embedding(Z(5, 3), new[] { 1, 4, 6 }), new[] { "Embedding", "index 6", "[0, 5)" }),
        ["EmbeddingBackward, index past the end"] = (() => EmbeddingBackward(Z(5, 3), 8, Z(3), Z(3), Z(5, 3)), new[] { "EmbeddingBackward", "index 8", "[0, 5)" }),
        ["Slice, part past the end"] = (() => Slice(Z(8), 4, 4), new[] { "Slice", "index 4", "[0, 4)" }),
    };

    public static TheoryData<string> ShapeCaseNames => new(ShapeCases.Keys);

    public static TheoryData<string> IndexCaseNames => new(IndexCases.Keys);

    [Theory]
    [MemberData(nameof(ShapeCaseNames))]
    public void A_misfit_names_the_operation_and_the_shapes(string name)
    {
        var (call, operation, fragments) = ShapeCases[name];

        var error = Assert.Throws<ShapeException>(call);

        Assert.Equal(operation, error.Operation);
        Assert.StartsWith(operation + ": ", error.Message, StringComparison.Ordinal);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IndexCaseNames))]
    public void An_index_out_of_range_names_the_operation_and_the_range(string name)
    {
        var (call, fragments) = IndexCases[name];

        var error = Assert.Throws<ArgumentOutOfRangeException>(call);

        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
