namespace AutoGradRnn.Tests.Generator.Robustness;

/// <summary>One source file of the robustness corpus. <paramref name="Runnable"/>: the method is <see cref="CorpusCase.Template"/>'s
/// <c>M</c>, so when it compiles and the generator accepts it, its generated code is also run and checked.</summary>
public sealed record CorpusCase(string Category, string Name, string Source, bool Runnable = false)
{
    /// <summary>The case must be accepted (no error), and when runnable its generated code is run and checked.</summary>
    public bool MustAccept { get; init; }

    /// <summary>The case must be rejected with this id at <see cref="ExpectedSpan"/> (the exact source text).</summary>
    public string? ExpectedId { get; init; }

    public string? ExpectedSpan { get; init; }

    /// <summary>This case, which must be accepted and (for a body of <c>M</c>) pass the check against the method.</summary>
    public CorpusCase Accepted() => this with { MustAccept = true };

    /// <summary>This case, which must be rejected with <paramref name="id"/> at the source text <paramref name="span"/>.</summary>
    public CorpusCase Rejected(string id, string span) => this with { ExpectedId = id, ExpectedSpan = span };

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using AutoGradRnn;
        using static AutoGradRnn.Ops;

        """;

    /// <summary>The signature every body case is written against: x, h [3]; w [3, 3]; s, f scalars; n, flag, ids passive.</summary>
    public const string Signature = "public static Tensor M(Tensor x, Tensor w, Tensor h, double s, float f, int n, bool flag, int[] ids)";

    public static string Template(string body) =>
        Usings + "namespace Corpus;\n\npublic static partial class Subject\n{\n    [Differentiable]\n    " + Signature + "\n    {\n" + body + "\n    }\n}\n";

    /// <summary>A body of <c>M</c>.</summary>
    public static CorpusCase Body(string category, string name, string body) => new(category, name, Template(body), Runnable: true);

    /// <summary>Members of the partial class <c>Subject</c> beside the template's <c>M</c> with <paramref name="body"/>: run and
    /// checked like a body case.</summary>
    public static CorpusCase MembersAndBody(string category, string name, string members, string body) =>
        new(category, name, Usings + "namespace Corpus;\n\npublic static partial class Subject\n{\n" + members
            + "\n    [Differentiable]\n    " + Signature + "\n    {\n" + body + "\n    }\n}\n", Runnable: true);

    /// <summary>Members (with their own attributes) of a partial class <c>Subject</c>.</summary>
    public static CorpusCase Members(string category, string name, string members) =>
        new(category, name, Usings + "namespace Corpus;\n\npublic static partial class Subject\n{\n" + members + "\n}\n");

    /// <summary>A whole file after the usings.</summary>
    public static CorpusCase File(string category, string name, string text) => new(category, name, Usings + text);

    public override string ToString() => Category + "/" + Name;
}
