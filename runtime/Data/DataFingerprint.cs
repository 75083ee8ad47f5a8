using System.Security.Cryptography;
using System.Text;

namespace AutoGradRnn.Data;

/// <summary>The SHA-256 of a training text (of its UTF-8 bytes, lower-case hex): what a checkpoint keeps so that a resume
/// on other text with the same vocabulary is caught.</summary>
public static class DataFingerprint
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
