using System.Diagnostics;
using System.Net.Sockets;
using AutoGradRnn.Checkpoints;
using AutoGradRnn.Runs;

namespace AutoGradRnn.Tests.Reliability;

/// <summary>Outputs are checked before the first step (issue 17, items 2 and 3): a path that is a device, FIFO, socket or
/// directory is refused, never replaced; a folder that cannot be made or written is refused; a symbolic link is followed.</summary>
public class OutputPathTests
{
    private static string[] Train(string data, params string[] more) =>
        ["train", "--data", data, "--hidden", "8", "--embedding", "4", "--seq", "5", "--steps", "5", "--sample-every", "0", .. more];

    private static void MakeFifo(string path)
    {
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void A_device_is_refused_with_exit_2_before_training_and_left_a_device()
    {
        using var app = new App.AppRunner();
        var (code, output, error) = App.AppRunner.Run(Train(SmallCorpus.Write(app), "--checkpoint", "/dev/full"));
        Assert.Equal(2, code);
        Assert.Equal("autogradrnn: --checkpoint '/dev/full' is a character device; expected the path of a regular file (only a regular file is replaced).\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("step", output);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/full"));
    }

    [Fact]
    public void A_fifo_a_socket_and_a_directory_are_refused()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        MakeFifo(app.File("fifo"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(app.File("socket")));
        Directory.CreateDirectory(app.File("folder"));

        Assert.Equal(FileKind.Fifo, FileKinds.Of(app.File("fifo")));
        Assert.Equal(FileKind.Socket, FileKinds.Of(app.File("socket")));
        foreach (var (name, kind) in new[] { ("fifo", "a FIFO (named pipe)"), ("socket", "a socket"), ("folder", "a directory") })
        {
            var (code, _, error) = App.AppRunner.Run(Train(data, "--checkpoint", app.File(name)));
            Assert.Equal(2, code);
            Assert.Contains($"--checkpoint '{app.File(name)}' is {kind}; expected the path of a regular file", error);
        }
        Assert.Equal(FileKind.Fifo, FileKinds.Of(app.File("fifo")));
        // The atomic writer refuses them too, whoever calls it.
        Assert.Throws<IOException>(() => AtomicFile.Write("/dev/null", s => s.WriteByte(1)));
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
    }

    [Fact]
    public void Unwritable_places_are_refused_with_one_line_before_the_first_step()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var cases = new (string[] Args, string Message)[]
        {
            (["--checkpoint", "/proc/run.safetensors"], "autogradrnn: --checkpoint '/proc/run.safetensors': cannot create a file in '/proc' (it accepts no new files)."),
            (["--checkpoint", Path.Combine(data, "run.safetensors")], $"autogradrnn: --checkpoint '{Path.Combine(data, "run.safetensors")}': '{data}' is a regular file, not a folder, so the file cannot be created under it."),
            (["--checkpoint", app.File("ok.safetensors"), "--plot", "/proc/curve.png"], "autogradrnn: --plot '/proc/curve.png': cannot create a file in '/proc' (it accepts no new files)."),
            (["--checkpoint", app.File("ok.safetensors"), "--plot", Path.Combine(data, "curve.svg")], $"autogradrnn: --plot '{Path.Combine(data, "curve.svg")}': '{data}' is a regular file, not a folder, so the file cannot be created under it."),
        };
        foreach (var (args, message) in cases)
        {
            var (code, output, error) = App.AppRunner.Run(Train(data, [.. args, "--checkpoint-every", "0"]));
            Assert.Equal(2, code);
            Assert.Equal(message + "\n", error.ReplaceLineEndings("\n"));
            Assert.DoesNotContain("step", output);
        }
        Assert.False(File.Exists(app.File("ok.safetensors")));
    }

    [Fact]
    public void A_folder_that_does_not_exist_yet_is_made_and_the_check_leaves_no_probe()
    {
        using var app = new App.AppRunner();
        var checkpoint = Path.Combine(app.Folder, "a", "b", "run.safetensors");
        Assert.Equal(checkpoint, OutputPreflight.Check(checkpoint, "--checkpoint"));
        Assert.False(Directory.Exists(Path.Combine(app.Folder, "a")));
        Assert.Empty(Directory.GetFileSystemEntries(app.Folder));
        var (code, _, error) = App.AppRunner.Run(Train(SmallCorpus.Write(app), "--checkpoint", checkpoint));
        Assert.True(code == 0, error);
        Assert.True(File.Exists(checkpoint));
    }

    [Fact]
    public void A_symbolic_link_is_followed_its_target_replaced_and_the_link_kept()
    {
        using var app = new App.AppRunner();
        var data = SmallCorpus.Write(app);
        var target = app.File("run-1.safetensors");
        var link = app.File("latest.safetensors");
        File.CreateSymbolicLink(link, target); // dangling until the first write
        Assert.Equal(target, OutputPreflight.Check(link, "--checkpoint"));

        var first = App.AppRunner.Run(Train(data, "--checkpoint", link));
        Assert.True(first.Code == 0, first.Error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(5, TrainingCheckpoint.Load(target).Step);

        var resumed = App.AppRunner.Run(["train", "--data", data, "--resume", "--steps", "8", "--sample-every", "0", "--checkpoint", link]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(8, TrainingCheckpoint.Load(target).Step);

        // A link to a device is refused like the device.
        var toDevice = app.File("device.safetensors");
        File.CreateSymbolicLink(toDevice, "/dev/full");
        var (code, _, error) = App.AppRunner.Run(Train(data, "--checkpoint", toDevice));
        Assert.Equal(2, code);
        Assert.Contains($"--checkpoint '{toDevice}' (a link to '/dev/full') is a character device", error);
    }
}
