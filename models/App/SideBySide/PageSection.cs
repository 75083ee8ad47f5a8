namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>One method on the page, with what runs it (<paramref name="Role"/>: once per window over all rows, or once
/// per time step by the window loop), and, for a step the window loop runs, <paramref name="Loop"/>: that loop, which is
/// the runtime's and not generated. The page shows the step's tape there, as what the loop keeps per iteration.</summary>
public sealed record PageSection(MethodListing Listing, string Role, string? Loop = null);
