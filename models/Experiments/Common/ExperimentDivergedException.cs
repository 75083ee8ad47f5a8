namespace AutoGradRnn.Models.Experiments.Common;

/// <summary>A training run whose loss became NaN or infinite: the app reports it in one line with exit code 1.</summary>
public sealed class ExperimentDivergedException(string message) : Exception(message);
