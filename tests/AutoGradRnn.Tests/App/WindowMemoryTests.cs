using AutoGradRnn.Models.Bench;
using AutoGradRnn.Models.CharLm;
using Xunit;

namespace AutoGradRnn.Tests.App;

public class WindowMemoryTests
{
    private sealed class Holder
    {
        public Tensor A = Tensor.Zeros(DType.Float32, 3, 5);
        public Tensor Again = null!;
        public Tensor Shape = Tensor.ShapeOnly(Tensor.Zeros(DType.Float64, 100), null);
        public int[] Ids = new int[7];
        public List<Tensor> Items = [Tensor.Zeros(DType.Float64, 2)];
        public IParameters? Weights;
    }

    [Fact]
    public void Each_tensor_counts_once_shapes_and_weights_not_at_all()
    {
        var h = new Holder();
        h.Again = h.A;
        Assert.Equal(15 * 4 + 7 * 4 + 2 * 8, WindowMemory.ReachableBytes(h));
        h.Weights = Models.Cells.Lstm.Initialize(new CellSize(4, 4), DType.Float32, new Rng(1));
        Assert.Equal(15 * 4 + 7 * 4 + 2 * 8, WindowMemory.ReachableBytes(h));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("elman")]
    public void A_step_costs_memory_in_proportion_to_the_batch(string cell)
    {
        var spec = CharLmRegistry.Find(cell)!;
        double Bytes(int batch) => WindowMemory.BytesPerStep(spec.Create(new CharLmConfig(11, 6, 8), DType.Float32, new Rng(3)), batch, seq: 4, seed: 5);
        double two = Bytes(2), four = Bytes(4);
        Assert.True(two > 0, $"{cell}: {two} bytes per step");
        Assert.Equal(2 * two, four, 6);
    }
}
