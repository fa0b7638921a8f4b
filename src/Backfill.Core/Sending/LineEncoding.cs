using System.Text;

namespace Backfill.Core.Sending;

/// <summary>
/// How a raw log line becomes the <c>message</c> text of its document. The splitter decodes nothing, so this is the
/// one place that decides. Policy (documented in README, "Invalid UTF-8"):
/// <list type="bullet">
/// <item>a line that is valid UTF-8 is sent as is;</item>
/// <item>a line that is not is decoded as ISO-8859-1 (Latin-1) <em>as a whole</em> — every byte becomes the code
/// point of the same value, so nothing is lost and the original bytes can be recovered exactly — and the document
/// records it with <c>"message_encoding": "latin1"</c>.</item>
/// </list>
/// A line is never dropped or altered beyond this; the line terminator (LF or CRLF) is not part of the line.
/// </summary>
public enum LineEncoding : byte
{
    Utf8 = 0,
    Latin1 = 1,
}

public static class LineEncodings
{
    /// <summary>The field name and value recorded on a document whose line was not valid UTF-8.</summary>
    public const string MarkerField = "message_encoding";
    public const string Latin1Name = "latin1";

    /// <summary>Which encoding the policy assigns to <paramref name="line"/>.</summary>
    public static LineEncoding Detect(ReadOnlySpan<byte> line) =>
        System.Text.Ascii.IsValid(line) || System.Text.Unicode.Utf8.IsValid(line) ? LineEncoding.Utf8 : LineEncoding.Latin1;

    /// <summary>The line as text under the policy (used where a string is needed: client-side ingest, dead letters).</summary>
    public static string Decode(ReadOnlySpan<byte> line, LineEncoding encoding) => encoding switch
    {
        // ASCII (nearly every log line) is widened byte for byte by Latin-1's decoder, without UTF-8's validation pass.
        LineEncoding.Utf8 when System.Text.Ascii.IsValid(line) => Encoding.Latin1.GetString(line),
        LineEncoding.Utf8 => Encoding.UTF8.GetString(line),
        _ => Encoding.Latin1.GetString(line),
    };

    public static string Name(LineEncoding encoding) => encoding == LineEncoding.Utf8 ? "utf-8" : Latin1Name;

    /// <summary>Strips the line terminator: a trailing LF, and a CR before it (or a lone trailing CR at end of data).</summary>
    public static ReadOnlySpan<byte> TrimTerminator(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\n') line = line[..^1];
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        return line;
    }
}
