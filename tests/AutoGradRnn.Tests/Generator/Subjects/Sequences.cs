using AutoGradRnn;
using static AutoGradRnn.Ops;

namespace AutoGradRnn.Tests.Generator.Subjects;

/// <summary>Forward-only sequence models with loops, whose generated BPTT the tests check.</summary>
public static partial class Sequences
{
    /// <summary>min-char-rnn's loss: h_t = tanh(Wxh[x_t] + Whh·h_{t−1} + bh), Σ_t CE(Why·h_t + by, y_t).
    /// The input weights are a [V,H] table whose row x_t is Wxh·onehot(x_t).</summary>
    [Differentiable]
    public static (double Loss, Tensor H) ElmanLoss(int[] inputs, int[] targets, Tensor h, Tensor wxh, Tensor whh, Tensor why, Tensor bh, Tensor by)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = Tanh(Embedding(wxh, inputs[t]) + MatVec(whh, h) + bh);
            loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
        }
        return (loss, h);
    }

    /// <summary>The course's char-level LSTM over a window, through the generated cell.</summary>
    [Differentiable]
    public static (double Loss, Tensor H, Tensor C) LstmLoss(int[] inputs, int[] targets, Tensor h, Tensor c, Tensor emb, Tensor w, Tensor b, Tensor why, Tensor by)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h, c) = Cells.Lstm(Embedding(emb, inputs[t]), h, c, w, b);
            loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
        }
        return (loss, h, c);
    }

    /// <summary>A GRU over a window.</summary>
    [Differentiable]
    public static double GruLoss(int[] inputs, int[] targets, Tensor h, Tensor emb, Tensor wrz, Tensor brz, Tensor wn, Tensor bn, Tensor un, Tensor bu, Tensor why, Tensor by)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = Cells.Gru(Embedding(emb, inputs[t]), h, wrz, brz, wn, bn, un, bu);
            loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
        }
        return loss;
    }

    /// <summary>A stacked LSTM written as nested loops (layer × time). Each layer reads chunk t + 1 of its input
    /// sequence (chunk 0 is a placeholder) and builds its output sequence by concatenation, so a carried value grows
    /// in every iteration; the layer's weights are picked by an if.</summary>
    [Differentiable]
    public static double StackedLstm(Tensor xs, int steps, int layers, Tensor h0, Tensor c0, Tensor w0, Tensor b0, Tensor w1, Tensor b1)
    {
        double loss = 0;
        var input = xs;
        for (int layer = 0; layer < layers; layer++)
        {
            Tensor w;
            Tensor b;
            if (layer == 0)
            {
                w = w0;
                b = b0;
            }
            else
            {
                w = w1;
                b = b1;
            }
            var h = h0;
            var c = c0;
            var outputs = h0;
            for (int t = 0; t < steps; t++)
            {
                (h, c) = Cells.Lstm(Slice(input, t + 1, steps + 1), h, c, w, b);
                outputs = Concat(outputs, h);
            }
            loss += Sum(h * c);
            input = outputs;
        }
        return loss + Sum(input * input);
    }

    /// <summary>An if inside the loop: even steps use the Elman update, odd ones a gated one.</summary>
    [Differentiable]
    public static double Alternating(int[] inputs, Tensor h, Tensor emb, Tensor whh, Tensor wg)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            var x = Embedding(emb, inputs[t]);
            if (t % 2 == 0)
            {
                h = Tanh(x + MatVec(whh, h));
            }
            else
            {
                var gate = Sigmoid(MatVec(wg, h));
                h = gate * h + OneMinus(gate) * Tanh(x);
                loss += 0.1 * Sum(gate);
            }
            loss += Sum(h * x);
        }
        return loss;
    }

    /// <summary>A loop whose body calls two different cells: an Elman layer feeding an LSTM layer.</summary>
    [Differentiable]
    public static double TwoCells(int[] inputs, Tensor h1, Tensor h2, Tensor c2, Tensor emb, Tensor wxh, Tensor whh, Tensor bh, Tensor w, Tensor b)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h1 = Cells.Elman(Embedding(emb, inputs[t]), h1, wxh, whh, bh);
            (h2, c2) = Cells.Lstm(h1, h2, c2, w, b);
            loss += Dot(h2, c2);
        }
        return loss;
    }

    /// <summary>The LSTM loss over a mini-batch: inputs[t] and targets[t] hold one token per stream (time-major);
    /// the loss is the mean over streams, summed over time.</summary>
    [Differentiable]
    public static (double Loss, Tensor H, Tensor C) BatchedLstmLoss(int[][] inputs, int[][] targets, Tensor h, Tensor c, Tensor emb, Tensor w, Tensor b, Tensor why, Tensor by)
    {
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            (h, c) = Cells.Lstm(Embedding(emb, inputs[t]), h, c, w, b);
            loss += CrossEntropy(MatVec(why, h) + by, targets[t]);
        }
        return (loss, h, c);
    }
}
