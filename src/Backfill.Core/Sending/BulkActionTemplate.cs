using System.Text;

namespace Backfill.Core.Sending;

/// <summary>
/// The constant parts of one chunk's NDJSON, encoded once: for a line numbered N the sender writes
/// <code>
/// {"index":{"_index":"&lt;index&gt;","_id":"&lt;sourceId&gt;-N"}}
/// {"message":"&lt;line&gt;"}                                  (valid UTF-8)
/// {"message":"&lt;line as Latin-1&gt;","message_encoding":"latin1"}  (anything else)
/// </code>
/// so per line only the number and the escaped text are written.
/// </summary>
public sealed class BulkActionTemplate
{
    public BulkActionTemplate(string index, string sourceId)
    {
        Index = index;
        SourceId = sourceId;
        ActionPrefix = Concat("{\"index\":{\"_index\":\""u8, JsonStringEscaper.Escape(index), "\",\"_id\":\""u8, JsonStringEscaper.Escape(sourceId), "-"u8);
    }

    public string Index { get; }
    public string SourceId { get; }

    /// <summary><c>{"index":{"_index":"…","_id":"&lt;sourceId&gt;-</c></summary>
    public byte[] ActionPrefix { get; }

    /// <summary>Between the line number and the message text.</summary>
    public static ReadOnlySpan<byte> MessageStart => "\"}}\n{\"message\":\""u8;

    public static ReadOnlySpan<byte> Utf8End => "\"}\n"u8;

    public static ReadOnlySpan<byte> Latin1End => "\",\"message_encoding\":\"latin1\"}\n"u8;

    /// <summary>Bytes the action line and document add around the escaped message (line number at its widest).</summary>
    public int Overhead => ActionPrefix.Length + 20 + MessageStart.Length + Latin1End.Length;

    private static byte[] Concat(params ReadOnlySpan<byte[]> parts)
    {
        var length = 0;
        foreach (var p in parts) length += p.Length;
        var result = new byte[length];
        var at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, at);
            at += p.Length;
        }
        return result;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c, byte[] d, ReadOnlySpan<byte> e) =>
        Concat([a.ToArray(), b, c.ToArray(), d, e.ToArray()]);

    public override string ToString() => Encoding.UTF8.GetString(ActionPrefix);
}
