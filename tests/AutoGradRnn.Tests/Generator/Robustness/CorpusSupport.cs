namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>A second file in every corpus compilation: helpers the cases call (methods with and without rules,
/// mutable statics, holders of tensors), a valid [Differentiable] callee and a [Parameters] container.</summary>
public static class CorpusSupport
{
    public const string Source = CorpusCase.Usings + """
        namespace Corpus;

        public static class Helpers
        {
            public static Tensor NoRule(Tensor t) => t;
            public static int Count(Tensor t) => t.Length;
            public static double Norm(Tensor t) => Math.Sqrt(Dot(t, t));
            public static void Log(Tensor t) { }
            public static void Fill(Tensor t, double v) => t.Fill(v);
            public static Tensor Cache = null!;
            public static int Counter;
            public static double Rate = 0.5;
            public static T Identity<T>(T value) => value;
            public static Tensor WithOut(Tensor t, out int length) { length = t.Length; return t; }
            public static Tensor WithRef(ref Tensor t) => t;
            public static Tensor Many(params Tensor[] ts) => ts[0];
            public static Tensor Optional(Tensor t, double scale = 1) => Scale(t, scale);
            public static IEnumerable<int> Upto(int n) { for (int i = 0; i < n; i++) yield return i; }
            public static event Action? Changed;
            public static void Raise() => Changed?.Invoke();
            public static Task<Tensor> Later(Tensor t) => Task.FromResult(t);
        }

        public static class TensorExtensions
        {
            public static Tensor Twice(this Tensor t) => Scale(t, 2);
        }

        public struct Holder { public Tensor T; public double D; }

        public sealed class Box
        {
            public Tensor T = null!;
            public double D;
            public Tensor this[int i] { get => T; set => T = value; }
        }

        public sealed record Pair(int A, int B);

        public static partial class Prims
        {
            [DerivativeRule(nameof(DoubleBackward), Formula = "dx += 2 dy")]
            public static Tensor Double(Tensor x) => Scale(x, 2);
            public static void DoubleBackward(Tensor x, Tensor y, Tensor dy, Tensor? dx) => Adjoints.Accumulate(dx, Scale(dy, 2));
        }

        public static partial class Callees
        {
            [Differentiable]
            public static Tensor Cell(Tensor x, Tensor h, Tensor w) => Tanh(MatVec(w, x) + h);

            [Differentiable]
            public static Tensor Pick(Tensor a, Tensor b) => a - Scale(b, 2);

            [Differentiable]
            public static (Tensor Y, double Total) Both(Tensor x, Tensor w)
            {
                var y = MatVec(w, x);
                return (y, Sum(y));
            }
        }

        [Parameters]
        public sealed partial class Weights
        {
            public Tensor W = null!;
            public Tensor B = null!;
        }
        """;
}
