using System.Globalization;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>Save → load → save is the identity: for every model, every optimizer and 0, 1 and N steps, a resume with
/// nothing left to train rewrites its checkpoint byte for byte (issue 17: it used to drop the optimizer state), and the
/// run still continues from it.</summary>
public class ResumeRoundTripTests
{
    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var model in new[] { "lstm", "gru", "elman" })
        {
            foreach (var optimizer in new[] { "adagrad", "adam", "sgd" })
            {
                foreach (var steps in new[] { 0, 1, 7 }) data.Add(model, optimizer, steps);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_resume_with_nothing_to_train_rewrites_the_same_bytes(string model, string optimizer, int steps)
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var checkpoint = app.File("run.safetensors");
        string S(int n) => n.ToString(CultureInfo.InvariantCulture);
        var first = App.AppRunner.Run("train", "--data", data, "--model", model, "--optimizer", optimizer, "--hidden", "8", "--embedding", "4",
            "--seq", "5", "--steps", S(steps), "--sample-every", "0", "--checkpoint", checkpoint);
        Assert.True(first.Code == 0, first.Error);
        var saved = File.ReadAllBytes(checkpoint);

        // At the saved step, and below it: nothing is trained and the file is written again unchanged.
        foreach (var target in new[] { steps, Math.Max(0, steps - 1) })
        {
            var again = App.AppRunner.Run("train", "--data", data, "--resume", "--steps", S(target), "--sample-every", "0", "--checkpoint", checkpoint);
            Assert.True(again.Code == 0, again.Error);
            Assert.Contains($"nothing to train: --steps {target} is not above it", again.Output);
            Assert.Equal(saved, File.ReadAllBytes(checkpoint));
        }

        // --epochs counts to a step too: a fraction of a pass that ends at or before the saved step trains nothing.
        var byEpochs = App.AppRunner.Run("train", "--data", data, "--resume", "--epochs", "0.001", "--sample-every", "0", "--checkpoint", checkpoint);
        Assert.True(byEpochs.Code == 0, byEpochs.Error);
        if (steps > 0) Assert.Equal(saved, File.ReadAllBytes(checkpoint));

        var onward = App.AppRunner.Run("train", "--data", data, "--resume", "--steps", S(steps + 2), "--sample-every", "0", "--checkpoint", checkpoint);
        Assert.True(onward.Code == 0, onward.Error);
    }
}
