namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// Cuts the body of a generated backward method into adjoint blocks. A block opens at a quoting comment
/// (<c>// line 45:9: …</c>) and ends at the next quote at its nesting depth or shallower, at a blank line at its depth,
/// or at the closing brace of the braces it is inside; so a loop's block holds its reversed body, with the blocks of
/// the body's statements nested in it. Braces are on lines of their own in generated code.
/// </summary>
public static class BackwardBlocks
{
    public static IReadOnlyList<BackwardNode> Cut(IReadOnlyList<string> body)
    {
        var root = new List<BackwardNode>();
        var open = new Stack<(string Position, int Depth, List<BackwardNode> Items)>();
        int depth = 0;

        List<BackwardNode> Current() => open.Count > 0 ? open.Peek().Items : root;
        void CloseFrom(int d)
        {
            while (open.Count > 0 && open.Peek().Depth >= d)
            {
                var (position, _, items) = open.Pop();
                Current().Add(new AdjointBlock(position, items));
            }
        }

        foreach (var line in body)
        {
            string t = line.Trim();
            if (t == "}")
            {
                depth--;
                CloseFrom(depth + 1);
                Current().Add(new BackwardLine(line));
            }
            else if (QuotedStatement.TryParse(line, out var position, out _, out _, out _))
            {
                CloseFrom(depth);
                open.Push((position, depth, [new BackwardLine(line)]));
            }
            else if (t.Length == 0)
            {
                CloseFrom(depth);
                Current().Add(new BackwardLine(""));
            }
            else
            {
                Current().Add(new BackwardLine(line));
                if (t == "{") depth++;
            }
        }
        CloseFrom(int.MinValue);
        return root;
    }
}
