using AutoGradRnn.Training;

namespace AutoGradRnn.Tests.Training;

/// <summary>The optimizers update a parameter chunk by chunk (L1-sized passes): on a tensor of several chunks and a tail,
/// every element gets exactly the bits of its formula computed one element at a time in float32, state included.</summary>
public class OptimizerChunkTests
{
    private const int N = 5000; // two chunks of 2048 and a tail

    private static (Tensor P, Tensor G) Make(int seed) =>
        (Init.Uniform(new Rng((ulong)seed), DType.Float32, -1, 1, 50, N / 50), Init.Uniform(new Rng((ulong)seed + 1), DType.Float32, -1, 1, 50, N / 50));

    [Fact]
    public void Adagrad_matches_its_formula_on_every_element_of_a_multi_chunk_tensor()
    {
        var (p, g) = Make(1);
        var expected = p.Floats.ToArray();
        var memory = new float[N];
        var opt = new Adagrad(0.1, 1e-8);
        for (int step = 0; step < 3; step++)
        {
            opt.Step([new NamedTensor("p", p)], [new NamedTensor("p", g)]);
            var gv = g.Floats;
            for (int i = 0; i < N; i++)
            {
                memory[i] += gv[i] * gv[i];
                expected[i] -= 0.1f * gv[i] / MathF.Sqrt(memory[i] + 1e-8f);
            }
        }
        Assert.True(p.Floats.SequenceEqual(expected), "parameters differ from the element-wise formula");
        Assert.True(opt.GetState()[0].Value.Floats.SequenceEqual(memory), "the memory differs from the element-wise formula");
    }

    [Fact]
    public void Adam_matches_its_formula_on_every_element_of_a_multi_chunk_tensor()
    {
        var (p, g) = Make(3);
        var expected = p.Floats.ToArray();
        var (m, v) = (new float[N], new float[N]);
        var opt = new Adam(0.01);
        for (int step = 1; step <= 3; step++)
        {
            opt.Step([new NamedTensor("p", p)], [new NamedTensor("p", g)]);
            float c1 = (float)(1 - Math.Pow(opt.Beta1, step)), c2 = (float)(1 - Math.Pow(opt.Beta2, step));
            var gv = g.Floats;
            for (int i = 0; i < N; i++)
            {
                m[i] = (float)opt.Beta1 * m[i] + (float)(1 - opt.Beta1) * gv[i];
                v[i] = (float)opt.Beta2 * v[i] + gv[i] * gv[i] * (float)(1 - opt.Beta2);
                expected[i] -= m[i] / c1 / (MathF.Sqrt(v[i] / c2) + (float)opt.Epsilon) * 0.01f;
            }
        }
        Assert.True(p.Floats.SequenceEqual(expected), "parameters differ from the element-wise formula");
    }
}
