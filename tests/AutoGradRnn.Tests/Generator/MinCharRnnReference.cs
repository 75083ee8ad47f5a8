namespace AutoGradRnn.Tests.Generator;

/// <summary>
/// Karpathy's min-char-rnn <c>lossFun</c>, transcribed line by line onto plain double arrays (no tensors, no Ops): the
/// reference the generated BPTT of <see cref="Subjects.Sequences.ElmanLoss"/> is held to. Shapes are the course's: Wxh [H,V]
/// (column x_t is the input's contribution), Whh [H,H], Why [V,H], bh [H], by [V].
/// </summary>
internal static class MinCharRnnReference
{
    internal sealed record Result(double Loss, double[] H, double[] DHPrev, double[,] DWxh, double[,] DWhh, double[,] DWhy, double[] Dbh, double[] Dby);

    /// <summary>Forward over the window, then backpropagation through time, exactly as the numpy code does it.</summary>
    public static Result LossFun(int[] inputs, int[] targets, double[] hprev, double[,] Wxh, double[,] Whh, double[,] Why, double[] bh, double[] by)
    {
        int T = inputs.Length, H = bh.Length, V = by.Length;
        var xs = new double[T][];
        var hs = new double[T + 1][];   // hs[t + 1] is the course's hs[t]; hs[0] is hs[-1] = hprev
        var ps = new double[T][];
        hs[0] = (double[])hprev.Clone();
        double loss = 0;

        // forward pass
        for (int t = 0; t < T; t++)
        {
            xs[t] = new double[V];                                   // encode in 1-of-k representation
            xs[t][inputs[t]] = 1;
            hs[t + 1] = new double[H];                               // hidden state
            for (int i = 0; i < H; i++)
            {
                double a = 0;
                for (int v = 0; v < V; v++) a += Wxh[i, v] * xs[t][v];
                for (int j = 0; j < H; j++) a += Whh[i, j] * hs[t][j];
                hs[t + 1][i] = Math.Tanh(a + bh[i]);
            }
            var ys = new double[V];                                  // unnormalized log probabilities for next chars
            for (int v = 0; v < V; v++)
            {
                double a = 0;
                for (int j = 0; j < H; j++) a += Why[v, j] * hs[t + 1][j];
                ys[v] = a + by[v];
            }
            ps[t] = new double[V];                                   // probabilities for next chars
            double total = 0;
            for (int v = 0; v < V; v++) total += Math.Exp(ys[v]);
            for (int v = 0; v < V; v++) ps[t][v] = Math.Exp(ys[v]) / total;
            loss += -Math.Log(ps[t][targets[t]]);                    // softmax (cross-entropy loss)
        }

        // backward pass: compute gradients going backwards
        var dWxh = new double[H, V];
        var dWhh = new double[H, H];
        var dWhy = new double[V, H];
        var dbh = new double[H];
        var dby = new double[V];
        var dhnext = new double[H];
        for (int t = T - 1; t >= 0; t--)
        {
            var dy = (double[])ps[t].Clone();
            dy[targets[t]] -= 1;                                     // backprop into y
            for (int v = 0; v < V; v++)
                for (int j = 0; j < H; j++) dWhy[v, j] += dy[v] * hs[t + 1][j];
            for (int v = 0; v < V; v++) dby[v] += dy[v];
            var dh = new double[H];                                  // backprop into h
            for (int j = 0; j < H; j++)
            {
                double a = 0;
                for (int v = 0; v < V; v++) a += Why[v, j] * dy[v];
                dh[j] = a + dhnext[j];
            }
            var dhraw = new double[H];                               // backprop through tanh nonlinearity
            for (int i = 0; i < H; i++) dhraw[i] = (1 - hs[t + 1][i] * hs[t + 1][i]) * dh[i];
            for (int i = 0; i < H; i++) dbh[i] += dhraw[i];
            for (int i = 0; i < H; i++)
                for (int v = 0; v < V; v++) dWxh[i, v] += dhraw[i] * xs[t][v];
            for (int i = 0; i < H; i++)
                for (int j = 0; j < H; j++) dWhh[i, j] += dhraw[i] * hs[t][j];
            dhnext = new double[H];
            for (int j = 0; j < H; j++)
                for (int i = 0; i < H; i++) dhnext[j] += Whh[i, j] * dhraw[i];
        }
        return new Result(loss, hs[T], dhnext, dWxh, dWhh, dWhy, dbh, dby);
    }
}
