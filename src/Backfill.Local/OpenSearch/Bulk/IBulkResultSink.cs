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

/// <summary>
/// Collects <see cref="BulkItemResult"/>s for <see cref="EmbeddedOpenSearchTransport"/> straight into the array the
/// response hands over (sized from the body, so a full request allocates it once and copies nothing).
/// </summary>
internal sealed class ArrayBulkResultSink(int capacity) : IBulkResultSink
{
    private BulkItemResult[] _items = new BulkItemResult[Math.Max(1, capacity)];
    private int _count;

    public BulkItemResult[] Items => _count == _items.Length ? _items : _items.AsSpan(0, _count).ToArray();
    public bool Errors { get; private set; }

    public void Success(BulkAction action, string index, ReadOnlySpan<byte> id, int status, string result, long version, long seqNo) =>
        Add(new BulkItemResult(status, null, null, result));

    public void Failure(BulkAction action, string? index, ReadOnlySpan<byte> id, int status, string type, string reason)
    {
        Errors = true;
        Add(new BulkItemResult(status, type, reason));
    }

    private void Add(in BulkItemResult item)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[_count++] = item;
    }
}

/// <summary>
/// Writes OpenSearch's bulk response JSON: <c>{"took":…,"errors":…,"items":[{"index":{…}},…]}</c>, limited to the
/// fields a <c>filter_path</c> asks for (<see cref="BulkResponseFilter"/>).
/// </summary>
internal sealed class JsonBulkResultSink : IBulkResultSink, IDisposable
{
    private readonly ArrayBufferWriter<byte> _items;
    private readonly Utf8JsonWriter _json;
    private readonly BulkResponseFilter _filter;

    public JsonBulkResultSink(BulkResponseFilter filter, int expectedItems)
    {
        _filter = filter;
        _items = new ArrayBufferWriter<byte>(Math.Max(256, expectedItems * (filter == BulkResponseFilter.All ? 200 : 48)));
        _json = new Utf8JsonWriter(_items, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartArray();
    }

    public bool Errors { get; private set; }

    public void Success(BulkAction action, string index, ReadOnlySpan<byte> id, int status, string result, long version, long seqNo)
    {
        if (!_filter.Items) return;
        var f = _filter;
        _json.WriteStartObject();
        _json.WriteStartObject(BulkActions.Name(action));
        if (f.Item("_index")) _json.WriteString("_index"u8, index);
        if (f.Item("_id")) _json.WriteString("_id"u8, id);
        var noop = result == "noop";
        if (f.Item("_version")) _json.WriteNumber("_version"u8, noop ? -3 : version);
        if (f.Item("result")) _json.WriteString("result"u8, result);
        if (f.Item("_shards"))
        {
            _json.WriteStartObject("_shards"u8);
            _json.WriteNumber("total"u8, noop ? 0 : 2);
            _json.WriteNumber("successful"u8, noop ? 0 : 1);
            _json.WriteNumber("failed"u8, 0);
            _json.WriteEndObject();
        }
        if (!noop)
        {
            if (f.Item("_seq_no")) _json.WriteNumber("_seq_no"u8, seqNo);
            if (f.Item("_primary_term")) _json.WriteNumber("_primary_term"u8, 1);
        }
        if (f.Item("status")) _json.WriteNumber("status"u8, status);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    public void Failure(BulkAction action, string? index, ReadOnlySpan<byte> id, int status, string type, string reason)
    {
        Errors = true;
        if (!_filter.Items) return;
        var f = _filter;
        _json.WriteStartObject();
        _json.WriteStartObject(BulkActions.Name(action));
        if (f.Item("_index"))
        {
            if (index is null) _json.WriteNull("_index"u8); else _json.WriteString("_index"u8, index);
        }
        if (f.Item("_id")) _json.WriteString("_id"u8, id);
        if (f.Item("status")) _json.WriteNumber("status"u8, status);
        if (f.Item("error"))
        {
            _json.WriteStartObject("error"u8);
            _json.WriteString("type"u8, type);
            _json.WriteString("reason"u8, reason);
            if (index is not null)
            {
                _json.WriteString("index"u8, index);
                _json.WriteString("index_uuid"u8, "_na_"u8);
            }
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    /// <summary>The complete response body.</summary>
    public byte[] ToResponse(long tookMs)
    {
        _json.WriteEndArray();
        _json.Flush();
        var head = new System.Text.StringBuilder("{");
        if (_filter.Took) head.Append("\"took\":").Append(tookMs).Append(',');
        if (_filter.Errors) head.Append("\"errors\":").Append(Errors ? "true" : "false").Append(',');
        if (_filter.Items) head.Append("\"items\":");
        else if (head.Length > 1) head.Length--; // trailing comma
        var headBytes = System.Text.Encoding.UTF8.GetBytes(head.ToString());
        var items = _filter.Items ? _items.WrittenSpan : default;
        var body = new byte[headBytes.Length + items.Length + 1];
        headBytes.CopyTo(body, 0);
        items.CopyTo(body.AsSpan(headBytes.Length));
        body[^1] = (byte)'}';
        return body;
    }

    public void Dispose() => _json.Dispose();
}
