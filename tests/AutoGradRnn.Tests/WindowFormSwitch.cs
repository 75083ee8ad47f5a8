using System.Runtime.CompilerServices;

namespace AutoGradRnn.Tests;

/// <summary>Every test runs a cell's window form from batch 2 (the runtime's default is never: it measured slower), so the
/// window form's code stays checked wherever a test runs a recurrence; batch 1, the cells without one and
/// <c>WindowPolicyTests</c> check the per-step form.</summary>
internal static class WindowFormSwitch
{
    [ModuleInitializer]
    internal static void RunTheWindowFormInTests() => Recurrence.DefaultWindowFormMinBatch = 2;
}
