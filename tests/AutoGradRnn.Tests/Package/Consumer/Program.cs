using AutoGradRnn;
using PeepholeApp;

// One call trains the cell on a text file with everything `train` has (progress, samples, held-out loss, checkpoint).
if (args is ["--train-text", var data, var checkpoint])
    return AutoGradRnn.Models.App.TextTraining.Run<PeepholeCell>(new() { Data = data, Hidden = 32, Steps = 400, ProgressEvery = 100, SampleEvery = 200, Checkpoint = checkpoint });

// With arguments: the autogradrnn command line, hosted with this program's own cell beside the built-in ones.
if (args.Length > 0) return AutoGradRnn.Models.App.Cli.Run(args, cells => cells.Add<PeepholeCell>("peephole"));

// The generated backward of the peephole LSTM, checked against float64 central differences, every entry:
// one step of the cell, then a loss over six steps (backpropagation through time).
var rng = new Rng(7);
Tensor Randn(params int[] dims) => Init.Normal(rng, DType.Float64, 0, 0.5, dims);
const int V = 5, E = 3, H = 4;
var p = new PeepholeWeights
{
    Emb = Randn(V, E), W = Randn(4 * H, E + H), B = Randn(4 * H),
    Pi = Randn(H), Pf = Randn(H), Po = Randn(H), Why = Randn(V, H), By = Randn(V),
};
var options = GradientCheckOptions.Default with { CheckEveryEntry = true };

var step = GradientChecker.Check(
    PeepholeLstm.StepFunction(Randn(E), Randn(H), Randn(H), p.W, p.B, p.Pi, p.Pf, p.Po, projectionH: Randn(H), projectionC: Randn(H)),
    options);
Console.WriteLine("peephole LSTM step: " + step.Report());

var loss = GradientChecker.Check(PeepholeLstm.LossFunction(p, [0, 1, 2, 3, 4, 1], [1, 2, 3, 4, 0, 2], Randn(H), Randn(H)), options);
Console.WriteLine("peephole LSTM loss over 6 steps: " + loss.Report());

bool passed = step.Passed && loss.Passed;
Console.WriteLine(passed ? "VERDICT: gradient check passed" : "VERDICT: gradient check FAILED");
return passed ? 0 : 1;
