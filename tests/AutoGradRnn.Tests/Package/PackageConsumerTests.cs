using System.IO.Compression;
using System.Xml.Linq;

namespace AutoGradRnn.Tests.Package;

/// <summary>
/// The package as another project uses it: <c>dotnet pack runtime</c>, then a fresh console project that references
/// the package from a local feed, writes a peephole LSTM the way the docs teach, builds (warnings as errors) and runs
/// the gradient checker on it in float64. Slow (a pack and a build, about a minute), so the class is tagged
/// <c>Category=Package</c> for <c>dotnet test --filter Category!=Package</c>.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageConsumerTests(PackageConsumer consumer) : IClassFixture<PackageConsumer>
{
    [Fact]
    public void Package_holds_the_runtime_in_lib_and_the_generator_and_code_fixes_as_analyzers_only()
    {
        Assert.True(consumer.PackResult.Succeeded, consumer.PackResult.Describe());
        Assert.True(File.Exists(consumer.PackagePath), $"No {Path.GetFileName(consumer.PackagePath)} in the feed.\n" + consumer.PackResult.Describe());

        using var package = ZipFile.OpenRead(consumer.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        string listing = string.Join("\n", entries);
        Assert.Contains("lib/net10.0/AutoGradRnn.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/AutoGradRnn.Runtime.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/AutoGradRnn.Generator.dll", entries);
        Assert.Single(entries, e => e.EndsWith("AutoGradRnn.Generator.dll", StringComparison.Ordinal));
        // The IDE's code fixes, beside the generator; their Workspaces dependency is the IDE's, not the package's.
        Assert.Contains("analyzers/dotnet/cs/AutoGradRnn.CodeFixes.dll", entries);
        Assert.Single(entries, e => e.EndsWith("AutoGradRnn.CodeFixes.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && !e.Contains("AutoGradRnn.Runtime.", StringComparison.Ordinal));
        Assert.True(entries.Contains("README.md") && entries.Contains("LICENSE"), listing);

        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        XDocument nuspec;
        using (var stream = package.GetEntry("AutoGradRnn.nuspec")!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.Equal("AutoGradRnn", metadata.Element(ns + "id")!.Value);
        Assert.Equal(consumer.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.Contains("source-generator", metadata.Element(ns + "tags")!.Value);
        // No project or repository URL: the project has no public home yet, and a made-up one would mislead.
        Assert.Null(metadata.Element(ns + "projectUrl"));
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.Equal(["System.Numerics.Tensors"], dependencies);
    }

    [Fact]
    public void A_fresh_console_project_builds_a_peephole_LSTM_from_the_package_and_passes_the_gradient_check()
    {
        var builds = consumer.BuildResults;
        Assert.True(builds.All(b => b.Succeeded), string.Join("\n", builds.Select(b => b.Describe())));
        Assert.True(builds[^1].Output.Contains("0 Warning(s)") && builds[^1].Output.Contains("0 Error(s)"), builds[^1].Describe());

        var run = consumer.RunResult;
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("peephole LSTM step: Gradient check PASSED: float64", run.Output);
        Assert.Contains("peephole LSTM loss over 6 steps: Gradient check PASSED: float64", run.Output);
        Assert.DoesNotContain("FAIL", run.Output);
        Assert.EndsWith("VERDICT: gradient check passed", run.Output.TrimEnd());
    }

    [Fact]
    public void With_EmitCompilerGeneratedFiles_the_generated_backward_is_on_disk_in_the_consumer()
    {
        var builds = consumer.BuildResults;
        Assert.True(builds.All(b => b.Succeeded), string.Join("\n", builds.Select(b => b.Describe())));

        // The folder the docs point to: obj/<configuration>/<framework>/generated/<generator assembly>/<generator type>/.
        var folder = Path.Combine(consumer.ProjectFolder, "obj", "Debug", "net10.0", "generated", "AutoGradRnn.Generator", "AutoGradRnn.Generator.DifferentiableGenerator");
        string Files() => Directory.Exists(folder) ? string.Join("\n", Directory.GetFiles(folder)) : "(no folder " + folder + ")";
        string[] expected = ["PeepholeApp.PeepholeLstm.Step.g.cs", "PeepholeApp.PeepholeLstm.Loss.g.cs", "PeepholeApp.PeepholeWeights.Parameters.g.cs"];
        foreach (var name in expected) Assert.True(File.Exists(Path.Combine(folder, name)), name + " is not on disk; found:\n" + Files());

        string step = File.ReadAllText(Path.Combine(folder, "PeepholeApp.PeepholeLstm.Step.g.cs"));
        Assert.Contains("// <auto-generated/>", step);
        Assert.Contains("public static void StepBackward(StepTape tape,", step);
        Assert.Contains("// Generated by AutoGradRnn.Generator ", step);
        string loss = File.ReadAllText(Path.Combine(folder, "PeepholeApp.PeepholeLstm.Loss.g.cs"));
        Assert.Contains("PeepholeLstm.StepBackward(", loss);
    }

    /// <summary>The documented wiring: one line, <c>Cli.Run(args, cells =&gt; cells.Add&lt;PeepholeCell&gt;("peephole"))</c>,
    /// and the program's own cell trains (its loss falls) and runs through gradcheck, memory, reber, exploding, show and show --html.</summary>
    [Fact]
    public void A_fresh_console_project_hosts_the_command_line_with_its_own_cell()
    {
        string Folder(string name) => Path.Combine(consumer.Root, name);
        var train = consumer.RunHosted("train", "--model", "peephole", "--data", Path.Combine(RepositoryRoot.Path, "data", "corpus.txt"),
            "--hidden", "32", "--steps", "400", "--progress-every", "100", "--sample-every", "0", "--checkpoint", Folder("peephole.safetensors"));
        Assert.True(train.Succeeded, train.Describe());
        Assert.Contains("autogradrnn train: peephole,", train.Output);
        var losses = train.Output.Split('\n').Where(l => l.StartsWith("step ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split("loss", 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(losses.Count >= 4 && losses[^1] < losses[0] - 5, train.Describe());

        var gradcheck = consumer.RunHosted("gradcheck", "--model", "peephole");
        Assert.True(gradcheck.Succeeded, gradcheck.Describe());
        Assert.Contains("gradcheck: all 1 passed", gradcheck.Output);

        var memory = consumer.RunHosted("memory", "--models", "peephole,lstm", "--lengths", "3", "--steps", "60", "--check-every", "30",
            "--test-sequences", "40", "--hidden", "16", "--plot", Folder("memory.svg"));
        Assert.True(memory.Succeeded, memory.Describe());
        Assert.Contains("| peephole", memory.Output);

        var reber = consumer.RunHosted("reber", "--models", "peephole", "--grammars", "plain", "--epochs", "1", "--train-strings", "50", "--test-strings", "50");
        Assert.True(reber.Succeeded, reber.Describe());
        Assert.Contains("peephole", reber.Output);

        var exploding = consumer.RunHosted("exploding", "--models", "peephole", "--hidden", "8", "--scales", "1", "--seq", "12", "--batch", "2",
            "--plot", Folder("exploding.svg"));
        Assert.True(exploding.Succeeded, exploding.Describe());
        Assert.Contains("peephole", exploding.Output);

        var show = consumer.RunHosted("show", "--model", "peephole", "--cell");
        Assert.True(show.Succeeded, show.Describe());
        Assert.Contains("partial class PeepholeCell", show.Output);
        Assert.Contains("public static void StepBackward(", show.Output);

        // show --html for the program's own cell: its step's forward statements, each linked to its adjoint block.
        var page = consumer.RunHosted("show", "--html", Folder("peephole.html"), "--cell", "peephole");
        Assert.True(page.Succeeded, page.Describe());
        string html = File.ReadAllText(Folder("peephole.html"));
        Assert.Contains("PeepholeCell.Step</h2>", html);
        Assert.Equal(0, App.SideBySide.PageDocument.FromXml(html).AssertLinkedBothWays());
    }

    /// <summary>A program trains its own cell on a text file in one call, <c>TextTraining.Run&lt;PeepholeCell&gt;(new() { … })</c>.</summary>
    [Fact]
    public void A_fresh_console_project_trains_its_cell_in_one_call()
    {
        var run = consumer.RunHosted("--train-text", Path.Combine(RepositoryRoot.Path, "data", "corpus.txt"), Path.Combine(consumer.Root, "one-call.safetensors"));
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("autogradrnn train: peepholecell, V ", run.Output);
        Assert.Contains("----- sample at step 200 -----", run.Output);
        var losses = run.Output.Split('\n').Where(l => l.StartsWith("step ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split("loss", 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(losses.Count == 4 && losses[^1] < losses[0] - 5, run.Describe());
        Assert.Matches(@"validation \(.*\): \d+\.\d{4} nats/char", run.Output);
        Assert.True(File.Exists(Path.Combine(consumer.Root, "one-call.safetensors")));
    }
}
