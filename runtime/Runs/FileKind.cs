using System.Runtime.InteropServices;

namespace AutoGradRnn.Runs;

/// <summary>What a path names, as <c>stat</c> sees it (following symbolic links): nothing, a regular file, a directory,
/// or one of the special files a writer must never replace (a device, a FIFO, a socket).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Other,
}

/// <summary>Reads a path's <see cref="FileKind"/>. .NET has no public call that tells a regular file from a device or a
/// FIFO (<c>File.Exists</c> is true for <c>/dev/full</c>), so on Unix this asks the runtime's own native shim
/// (<c>SystemNative_Stat</c>, whose leading <c>Flags</c> and <c>Mode</c> fields have kept their place since .NET Core 1.0);
/// elsewhere, or if the shim is not there, anything that is not a directory counts as a regular file.</summary>
public static partial class FileKinds
{
    public static FileKind Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsWindows() && TryStat(path, out int mode, out bool exists))
        {
            if (!exists) return FileKind.Missing;
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                0x1000 => FileKind.Fifo,
                0xC000 => FileKind.Socket,
                _ => FileKind.Other,
            };
        }
        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a character device", "a directory", …: for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static unsafe bool TryStat(string path, out int mode, out bool exists)
    {
        mode = 0;
        exists = false;
        byte* status = stackalloc byte[256]; // FileStatus is about 120 bytes; room for fields added later
        try
        {
            if (Stat(path, status) != 0)
            {
                // Missing (or a dangling link, or a component that is not a folder): nothing to replace.
                return true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        exists = true;
        mode = *(int*)(status + 4);
        return true;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* output);
}
