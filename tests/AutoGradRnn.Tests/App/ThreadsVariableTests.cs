using AutoGradRnn.Tests.Reliability;

namespace AutoGradRnn.Tests.App;

/// <summary><c>AUTOGRADRNN_THREADS</c>: a value that is not a positive whole number is named and refused (exit 2)
/// instead of being ignored; a valid one runs.</summary>
public class ThreadsVariableTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData(" 2")]
    public void A_value_that_is_not_a_positive_whole_number_is_a_problem(string value) =>
        Assert.Equal($"AUTOGRADRNN_THREADS='{value}': expected a positive whole number of threads (or leave it unset to use every processor).",
            KernelThreads.Problem(value));

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("64")]
    public void Unset_or_a_positive_whole_number_is_fine(string? value) => Assert.Null(KernelThreads.Problem(value));

    [Fact]
    public void The_app_refuses_a_bad_value_before_any_work_and_runs_with_a_good_one()
    {
        using var app = new AppRunner();
        using (var bad = ChildApp.AppWith(KernelThreads.EnvironmentVariable, "two", app.Folder, "gradcheck", "--model", "elman"))
        {
            Assert.Equal(2, bad.WaitForExit());
            Assert.Equal("autogradrnn: AUTOGRADRNN_THREADS='two': expected a positive whole number of threads (or leave it unset to use every processor).\n",
                bad.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", bad.Output);
        }
        using var good = ChildApp.AppWith(KernelThreads.EnvironmentVariable, "1", app.Folder, "gradcheck", "--model", "elman");
        Assert.True(good.WaitForExit() == 0, good.Error);
    }
}
