namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// One <c>[Differentiable]</c> method as its generated file shows it: the forward statements the generator quoted (the
/// user's own code, in source order), the generated backward cut into adjoint blocks, and what the tape keeps. Forward
/// statements and adjoint blocks are paired by the position the quoting comment carries (<c>// line 45:9: …</c>), never
/// by their text.
/// </summary>
/// <param name="Name">The generated file's name without <c>.g.cs</c>: namespace, type and method.</param>
/// <param name="Signature">The method's signature, as the generated forward pass declares it without its tape.</param>
/// <param name="OncePerCall">What the tape keeps once per call (the generated header's list), or null.</param>
/// <param name="PerIteration">What the tape keeps per iteration of each loop, by the loop statement's position.</param>
public sealed record MethodListing(
    string Name,
    string Signature,
    string? OncePerCall,
    IReadOnlyDictionary<string, string> PerIteration,
    IReadOnlyList<ForwardStatement> Forward,
    IReadOnlyList<BackwardNode> Backward)
{
    /// <summary>Every adjoint block of the backward, nested ones included, in the order they appear.</summary>
    public IEnumerable<AdjointBlock> AdjointBlocks() => Blocks(Backward);

    private static IEnumerable<AdjointBlock> Blocks(IEnumerable<BackwardNode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node is not AdjointBlock block) continue;
            yield return block;
            foreach (var inner in Blocks(block.Items)) yield return inner;
        }
    }
}

/// <summary>A statement of the user's forward method, quoted by the generator.</summary>
/// <param name="Position">Where it starts in the source, <c>line:column</c>: its identity.</param>
/// <param name="Depth">How deep it is nested in loops and branches (0: the method's body).</param>
/// <param name="AfterElse">It is the first statement of an <c>else</c> branch.</param>
public sealed record ForwardStatement(string Position, int Line, int Column, string Text, int Depth, bool AfterElse);

/// <summary>A line or a block of the generated backward method.</summary>
public abstract record BackwardNode;

/// <summary>One line of the generated backward, with its indentation inside the method's body.</summary>
public sealed record BackwardLine(string Text) : BackwardNode;

/// <summary>The generated code for one forward statement, from the comment quoting it to the next statement's quote or
/// the blank line or closing brace that ends it; a loop's or branch's block holds the blocks of its body.</summary>
public sealed record AdjointBlock(string Position, IReadOnlyList<BackwardNode> Items) : BackwardNode;
