using System.Buffers;
using System.Text.Json;
using Backfill.Core.OpenSearch;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>Receives each item's outcome in request order: JSON for HTTP, structs for the in-process transport.</summary>
internal interface IBulkResultSink
{
    void Success(BulkAction action, string index, ReadOnlySpan<byte> id, int status, string result, long version, long seqNo);
    void Failure(BulkAction action, string? index, ReadOnlySpan<byte> id, int status, string type, string reason);
}

/// <summary>Collects <see cref="BulkItemResult"/>s for <see cref="EmbeddedOpenSearchTransport"/>.</summary>
internal sealed class ArrayBulkResultSink(int capacity) : IBulkResultSink
{
    private readonly List<BulkItemResult> _items = new(capacity);

    public BulkItemResult[] Items => _items.ToArray();
    public bool Errors { get; private set; }

    public void Success(BulkAction action, string index, ReadOnlySpan<byte> id, int status, string result, long version, long seqNo) =>
        _items.Add(new BulkItemResult(status, null, null, result));

    public void Failure(BulkAction action, string? index, ReadOnlySpan<byte> id, int status, string type, string reason)
    {
        Errors = true;
        _items.Add(new BulkItemResult(status, type, reason));
    }
}

/// <summary>Writes OpenSearch's bulk response JSON: <c>{"took":…,"errors":…,"items":[{"index":{…}},…]}</c>.</summary>
internal sealed class JsonBulkResultSink : IBulkResultSink, IDisposable
{
    private readonly ArrayBufferWriter<byte> _items = new(1 << 16);
    private readonly Utf8JsonWriter _json;

    public JsonBulkResultSink()
    {
        _json = new Utf8JsonWriter(_items, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartArray();
    }

    public bool Errors { get; private set; }

    public void Success(BulkAction action, string index, ReadOnlySpan<byte> id, int status, string result, long version, long seqNo)
    {
        _json.WriteStartObject();
        _json.WriteStartObject(BulkActions.Name(action));
        _json.WriteString("_index"u8, index);
        _json.WriteString("_id"u8, id);
        var noop = result == "noop";
        _json.WriteNumber("_version"u8, noop ? -3 : version);
        _json.WriteString("result"u8, result);
        _json.WriteStartObject("_shards"u8);
        _json.WriteNumber("total"u8, noop ? 0 : 2);
        _json.WriteNumber("successful"u8, noop ? 0 : 1);
        _json.WriteNumber("failed"u8, 0);
        _json.WriteEndObject();
        if (!noop)
        {
            _json.WriteNumber("_seq_no"u8, seqNo);
            _json.WriteNumber("_primary_term"u8, 1);
        }
        _json.WriteNumber("status"u8, status);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    public void Failure(BulkAction action, string? index, ReadOnlySpan<byte> id, int status, string type, string reason)
    {
        Errors = true;
        _json.WriteStartObject();
        _json.WriteStartObject(BulkActions.Name(action));
        if (index is null) _json.WriteNull("_index"u8); else _json.WriteString("_index"u8, index);
        _json.WriteString("_id"u8, id);
        _json.WriteNumber("status"u8, status);
        _json.WriteStartObject("error"u8);
        _json.WriteString("type"u8, type);
        _json.WriteString("reason"u8, reason);
        if (index is not null)
        {
            _json.WriteString("index"u8, index);
            _json.WriteString("index_uuid"u8, "_na_"u8);
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    /// <summary>The complete response body.</summary>
    public byte[] ToResponse(long tookMs)
    {
        _json.WriteEndArray();
        _json.Flush();
        var head = System.Text.Encoding.UTF8.GetBytes($"{{\"took\":{tookMs},\"errors\":{(Errors ? "true" : "false")},\"items\":");
        var body = new byte[head.Length + _items.WrittenCount + 1];
        head.CopyTo(body, 0);
        _items.WrittenSpan.CopyTo(body.AsSpan(head.Length));
        body[^1] = (byte)'}';
        return body;
    }

    public void Dispose() => _json.Dispose();
}
