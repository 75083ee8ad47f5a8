using AutoGradRnn.Models.App;

namespace AutoGradRnn.Tests.App;

/// <summary>Runs the autogradrnn app in-process (Cli.Run with captured writers) in a fresh temporary folder.</summary>
public sealed class AppRunner : IDisposable
{
    public AppRunner()
    {
        Folder = Directory.CreateTempSubdirectory("autogradrnn-app-").FullName;
    }

    /// <summary>A scratch folder, deleted afterwards.</summary>
    public string Folder { get; }

    /// <summary>The bundled corpus.</summary>
    public static string Corpus => Path.Combine(RepositoryRoot.Path, "data", "corpus.txt");

    public string File(string name) => Path.Combine(Folder, name);

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
