using System.Buffers;
using System.Text;

namespace Backfill.Aws.Signing;

/// <summary>
/// The percent-encoding SigV4 prescribes: every byte of the UTF-8 form is encoded as %XY (upper-case hex) except the
/// unreserved characters A-Z a-z 0-9 '-' '_' '.' '~' (and '/' in paths). This differs from Uri.EscapeDataString,
/// which leaves characters such as '!' '*' '(' ')' alone.
/// </summary>
public static class SigV4Encoding
{
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    private static readonly SearchValues<char> UnreservedOrSlash =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~/");

    /// <summary>Percent-encodes <paramref name="value"/>; with <paramref name="keepSlash"/>, '/' stays as is (paths).</summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var keep = keepSlash ? UnreservedOrSlash : Unreserved;
        if (!value.AsSpan().ContainsAnyExcept(keep)) return value;

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (keep.Contains(c)) { builder.Append(c); continue; }
            // A surrogate pair is one code point: encode its 4 UTF-8 bytes together.
            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
        }
        return builder.ToString();
    }

    /// <summary>Decodes %XY sequences (not '+'); sequences that are not valid UTF-8 are left encoded.</summary>
    public static string PercentDecode(string value) =>
        value.Contains('%') ? Uri.UnescapeDataString(value) : value;

    /// <summary>Lower-case hex, the form SigV4 uses for hashes and signatures.</summary>
    public static string HexLower(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private const string HexUpper = "0123456789ABCDEF";
}
