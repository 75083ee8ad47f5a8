using AutoGradRnn;
using AutoGradRnn.Models.Cells;

// The main job until the char-LM trainer lands: check the generated backward of the built-in LSTM cell
// against float64 finite differences, entry by entry, and print the report. Exit code 1 on failure.
const int inputSize = 5, hiddenSize = 8;
var rng = new Rng(2026);
Tensor Randn(params int[] dims) => Init.RandnScaled(rng, DType.Float64, 0.5, dims);

Console.WriteLine($"AutoGradRnn: gradient check of the generated LSTM cell backward (E = {inputSize}, H = {hiddenSize}, float64)");
var cell = LstmCell.StepFunction(
    x: Randn(inputSize), h: Randn(hiddenSize), c: Randn(hiddenSize),
    w: Randn(4 * hiddenSize, inputSize + hiddenSize), b: Randn(4 * hiddenSize),
    projectionH: Randn(hiddenSize), projectionC: Randn(hiddenSize));
var result = GradientChecker.Check(cell, new GradientCheckOptions { CheckEveryEntry = true });
Console.Write(result.Report());
Console.WriteLine("The generated code is in models/obj/generated/ (EmitCompilerGeneratedFiles); docs/lstm-backward.md walks through it.");
return result.Passed ? 0 : 1;
