using AutoGradRnn.Models.App;
using AutoGradRnn.Training;

namespace AutoGradRnn.Models.Experiments.Common;

/// <summary>The optimizers an experiment's <c>--optimizer</c> option names, and their default learning rates.</summary>
public static class OptimizerChoice
{
    public const string Names = "adam, adagrad or sgd";

    /// <summary>Checks the name (case-insensitive) and returns it in lower case.</summary>
    /// <exception cref="UsageException">Not one of <see cref="Names"/>.</exception>
    public static string Check(string name) => name.ToLowerInvariant() is var n && n is "adam" or "adagrad" or "sgd" ? n
        : throw new UsageException($"--optimizer: unknown optimizer '{name}'; expected {Names}.");

    public static IOptimizer Create(string name, double learningRate) => name switch
    {
        "adam" => new Adam(learningRate),
        "adagrad" => new Adagrad(learningRate),
        _ => new Sgd(learningRate),
    };
}
