using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Core.Sending;

/// <summary>
/// Builds one <c>_bulk</c> request body (NDJSON) in a pooled buffer, bounded by bytes and by action count, and
/// remembers where each item (action line + document line) ends so the items OpenSearch asks us to retry can be
/// copied into a smaller body without rebuilding them. Append methods return false, and leave the body unchanged,
/// when the item does not fit; the first item of a body may exceed the soft byte limit up to the hard limit, so a
/// long line still travels on its own.
/// </summary>
public sealed class BulkBodyBuilder : IDisposable
{
    /// <summary>Largest body the sender ever sends (Amazon OpenSearch Service refuses more than 10 MiB on small instances).</summary>
    public const int HardLimitBytes = 10 * 1024 * 1024;

    private readonly int _maxBytes;
    private readonly int _maxActions;
    private byte[] _buffer;
    private int[] _itemEnds;
    private ArrayBufferWriter<byte>? _scratch;
    private Utf8JsonWriter? _json;

    public BulkBodyBuilder(int maxBytes, int maxActions)
    {
        if (maxBytes is < 64 or > HardLimitBytes) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, $"expected 64 to {HardLimitBytes}");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActions, 1);
        _maxBytes = maxBytes;
        _maxActions = maxActions;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 1 << 20));
        _itemEnds = new int[Math.Min(maxActions, 1024)];
    }

    public int Length { get; private set; }
    public int Count { get; private set; }
    public int MaxBytes => _maxBytes;
    public int MaxActions => _maxActions;
    public bool IsFull => Count >= _maxActions;

    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, Length);
    public ReadOnlySpan<byte> BodySpan => _buffer.AsSpan(0, Length);

    /// <summary>The bytes of item <paramref name="index"/> (its action line and document line).</summary>
    public ReadOnlySpan<byte> Item(int index)
    {
        var start = index == 0 ? 0 : _itemEnds[index - 1];
        return _buffer.AsSpan(start, _itemEnds[index] - start);
    }

    public void Clear()
    {
        Length = 0;
        Count = 0;
    }

    /// <summary>Appends an index action for line <paramref name="lineNumber"/> and its <c>{"message": …}</c> document.</summary>
    public bool TryAppendLine(BulkActionTemplate template, long lineNumber, ReadOnlySpan<byte> line, LineEncoding encoding)
    {
        if (Count >= _maxActions) return false;
        var end = encoding == LineEncoding.Utf8 ? BulkActionTemplate.Utf8End : BulkActionTemplate.Latin1End;
        var limit = Limit;
        if (Length + template.Overhead - 20 + line.Length > limit) return false;
        // Try in the space we have; on a miss, grow once to the exact worst case if the limit allows, then retry.
        for (var pass = 0; pass < 2; pass++)
        {
            var span = _buffer.AsSpan(Length, Math.Min(_buffer.Length, limit) - Length);
            var n = TryWriteLine(span, template.ActionPrefix, lineNumber, line, encoding, end);
            if (n >= 0) return Commit(n);
            var worst = template.Overhead + JsonStringEscaper.MaxEscapedLength(line.Length);
            if (pass == 1 || !TryGrow(Math.Min(limit, Length + worst))) return false;
        }
        return false;
    }

    /// <summary>Appends an index action naming <paramref name="index"/> and <paramref name="id"/> with <paramref name="source"/> as the document (client-side ingest).</summary>
    public bool TryAppendDocument(string index, string id, Dictionary<string, object?> source)
    {
        if (Count >= _maxActions) return false;
        _scratch ??= new ArrayBufferWriter<byte>(4096);
        _scratch.ResetWrittenCount();
        if (_json is null) _json = new Utf8JsonWriter(_scratch, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        else _json.Reset(_scratch);
        _json.WriteStartObject();
        _json.WritePropertyName("index"u8);
        _json.WriteStartObject();
        _json.WriteString("_index"u8, index);
        _json.WriteString("_id"u8, id);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        _scratch.Write("\n"u8);
        _json.Reset(_scratch);
        IngestDocumentJson.WriteSource(_json, source);
        _json.Flush();
        _scratch.Write("\n"u8);
        return TryAppendItem(_scratch.WrittenSpan);
    }

    /// <summary>Appends an item copied from another body (a retry).</summary>
    public bool TryAppendItem(ReadOnlySpan<byte> item)
    {
        if (Count >= _maxActions) return false;
        if (Length + item.Length > Limit) return false;
        if (Length + item.Length > _buffer.Length && !TryGrow(Length + item.Length)) return false;
        item.CopyTo(_buffer.AsSpan(Length));
        return Commit(item.Length);
    }

    /// <summary>The most bytes the body may reach with the next item: the first item alone may use the hard limit.</summary>
    private int Limit => Count == 0 ? HardLimitBytes : _maxBytes;

    private static int TryWriteLine(Span<byte> span, ReadOnlySpan<byte> prefix, long lineNumber, ReadOnlySpan<byte> line, LineEncoding encoding, ReadOnlySpan<byte> end)
    {
        var start = BulkActionTemplate.MessageStart;
        if (span.Length < prefix.Length + 20 + start.Length) return -1;
        prefix.CopyTo(span);
        var at = prefix.Length;
        Utf8Formatter.TryFormat(lineNumber, span[at..], out var digits);
        at += digits;
        start.CopyTo(span[at..]);
        at += start.Length;
        var escaped = JsonStringEscaper.TryWrite(line, encoding, span[at..]);
        if (escaped < 0) return -1;
        at += escaped;
        if (span.Length - at < end.Length) return -1;
        end.CopyTo(span[at..]);
        return at + end.Length;
    }

    private bool Commit(int bytes)
    {
        if (Count == _itemEnds.Length) Array.Resize(ref _itemEnds, Math.Min(_maxActions, _itemEnds.Length * 2));
        Length += bytes;
        _itemEnds[Count++] = Length;
        return true;
    }

    /// <summary>Enlarges the buffer to hold at least <paramref name="needed"/> bytes; false when it already does (so growing cannot help).</summary>
    private bool TryGrow(int needed)
    {
        needed = Math.Min(needed, HardLimitBytes);
        if (needed <= _buffer.Length) return false;
        var size = Math.Max(needed, Math.Min(_buffer.Length * 2, HardLimitBytes));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        return true;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        _json?.Dispose();
    }
}
