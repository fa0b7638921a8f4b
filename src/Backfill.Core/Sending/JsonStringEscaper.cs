using System.Buffers;

namespace Backfill.Core.Sending;

/// <summary>
/// Writes the inside of a JSON string (no quotes) straight from line bytes. Only what RFC 8259 requires is escaped:
/// <c>"</c> → <c>\"</c>, <c>\</c> → <c>\\</c>, BS/FF/LF/CR/TAB → <c>\b \f \n \r \t</c>, every other byte below 0x20 →
/// <c>\u00XX</c> (upper-case hex, as System.Text.Json writes it). Everything else, DEL and non-ASCII included, is copied
/// unchanged, which keeps the common case a vectorised search plus a memory copy (<see cref="Utf8JsonWriter"/> with
/// its encoders escapes more and depends on the runtime's Unicode tables, so its bytes are harder to pin down).
/// Latin-1 lines are transcoded byte by byte to UTF-8 (0x80-0xFF become two bytes).
/// </summary>
public static class JsonStringEscaper
{
    private static readonly SearchValues<byte> Utf8Special = SearchValues.Create(Special(latin1: false));
    private static readonly SearchValues<byte> Latin1Special = SearchValues.Create(Special(latin1: true));
    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>An upper bound of the escaped size: every byte may become <c>\u00XX</c>.</summary>
    public static int MaxEscapedLength(int length) => checked(length * 6);

    /// <summary>
    /// Escapes <paramref name="value"/> into <paramref name="destination"/>; returns the bytes written, or -1 when
    /// they do not fit (the destination is then partly written and must be discarded by the caller).
    /// </summary>
    public static int TryWrite(ReadOnlySpan<byte> value, LineEncoding encoding, Span<byte> destination)
    {
        var special = encoding == LineEncoding.Utf8 ? Utf8Special : Latin1Special;
        var written = 0;
        while (true)
        {
            var run = value.IndexOfAny(special);
            var plain = run < 0 ? value : value[..run];
            if (plain.Length > destination.Length - written) return -1;
            plain.CopyTo(destination[written..]);
            written += plain.Length;
            if (run < 0) return written;

            var b = value[run];
            value = value[(run + 1)..];
            var free = destination.Length - written;
            if (b >= 0x80)
            {
                // Latin-1 code point b as UTF-8.
                if (free < 2) return -1;
                destination[written++] = (byte)(0xC0 | (b >> 6));
                destination[written++] = (byte)(0x80 | (b & 0x3F));
                continue;
            }
            byte shortEscape = b switch
            {
                (byte)'"' => (byte)'"',
                (byte)'\\' => (byte)'\\',
                0x08 => (byte)'b',
                0x0C => (byte)'f',
                0x0A => (byte)'n',
                0x0D => (byte)'r',
                0x09 => (byte)'t',
                _ => 0,
            };
            if (shortEscape != 0)
            {
                if (free < 2) return -1;
                destination[written++] = (byte)'\\';
                destination[written++] = shortEscape;
            }
            else
            {
                if (free < 6) return -1;
                destination[written++] = (byte)'\\';
                destination[written++] = (byte)'u';
                destination[written++] = (byte)'0';
                destination[written++] = (byte)'0';
                destination[written++] = Hex[b >> 4];
                destination[written++] = Hex[b & 0xF];
            }
        }
    }

    /// <summary>Escapes an ASCII/UTF-8 string known to be small (index names, ids) into a new array.</summary>
    public static byte[] Escape(string value)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(value);
        var buffer = new byte[MaxEscapedLength(utf8.Length)];
        var n = TryWrite(utf8, LineEncoding.Utf8, buffer);
        return buffer[..n];
    }

    private static byte[] Special(bool latin1)
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 0x20; b++) bytes.Add((byte)b);
        bytes.Add((byte)'"');
        bytes.Add((byte)'\\');
        if (latin1) for (var b = 0x80; b <= 0xFF; b++) bytes.Add((byte)b);
        return bytes.ToArray();
    }
}
