using System.Globalization;
using System.Runtime.CompilerServices;

namespace AutoGradRnn.Checkpoints;

/// <summary>
/// Saves and restores the exact position of an <see cref="Rng"/> (its four xoshiro256** words and the spare
/// Gaussian of Box–Muller), as text for a checkpoint's metadata:
/// <c>xoshiro256**:s0:s1:s2:s3:spare</c> with 16 hex digits per word and the spare as the hex bits of a
/// double, or <c>-</c> when there is none.
/// </summary>
/// <remarks>Rng keeps its state private; this reaches it through <see cref="UnsafeAccessorAttribute"/>
/// (no reflection, AOT-safe). A test pins the field names, so a rename in Rng fails loudly.</remarks>
public static class RngState
{
    private const string Prefix = "xoshiro256**";

    /// <summary>The generator's state as text.</summary>
    public static string Capture(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double? spare = Spare(rng);
        string spareText = spare is double s ? BitConverter.DoubleToUInt64Bits(s).ToString("x16", CultureInfo.InvariantCulture) : "-";
        return string.Join(':', Prefix, Hex(S0(rng)), Hex(S1(rng)), Hex(S2(rng)), Hex(S3(rng)), spareText);
    }

    /// <summary>Puts <paramref name="rng"/> in the state <paramref name="state"/> (from <see cref="Capture"/>).</summary>
    /// <exception cref="FormatException">The text is not a captured state.</exception>
    public static void Restore(Rng rng, string state)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(state);
        var parts = state.Split(':');
        if (parts.Length != 6 || parts[0] != Prefix)
            throw new FormatException($"An Rng state reads '{Prefix}:s0:s1:s2:s3:spare'; got '{state}'.");
        var words = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i + 1].Length != 16 || !ulong.TryParse(parts[i + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]))
                throw new FormatException($"Word {i} of the Rng state '{state}' is not 16 hex digits.");
        }
        if (words.All(w => w == 0)) throw new FormatException("An all-zero xoshiro256** state is invalid (the generator would only produce zeros).");
        double? spare = null;
        if (parts[5] != "-")
        {
            if (parts[5].Length != 16 || !ulong.TryParse(parts[5], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong bits))
                throw new FormatException($"The spare Gaussian of the Rng state '{state}' is neither '-' nor 16 hex digits.");
            spare = BitConverter.UInt64BitsToDouble(bits);
        }
        S0(rng) = words[0];
        S1(rng) = words[1];
        S2(rng) = words[2];
        S3(rng) = words[3];
        Spare(rng) = spare;
    }

    private static string Hex(ulong v) => v.ToString("x16", CultureInfo.InvariantCulture);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_s0")]
    private static extern ref ulong S0(Rng rng);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_s1")]
    private static extern ref ulong S1(Rng rng);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_s2")]
    private static extern ref ulong S2(Rng rng);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_s3")]
    private static extern ref ulong S3(Rng rng);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_spareGaussian")]
    private static extern ref double? Spare(Rng rng);
}
