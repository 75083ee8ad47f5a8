using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradRnn.Generator.Infrastructure;

/// <summary>A source location as plain values, so models never hold a Roslyn <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

    public static LocationInfo From(Location location)
    {
        var span = location.GetLineSpan();
        return new LocationInfo(
            span.Path ?? "",
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            span.StartLinePosition.Line,
            span.StartLinePosition.Character,
            span.EndLinePosition.Line,
            span.EndLinePosition.Character);
    }

    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
