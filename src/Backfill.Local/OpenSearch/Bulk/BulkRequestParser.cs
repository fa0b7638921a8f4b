using System.Text;
using System.Text.Json;
using Backfill.Local.OpenSearch.Rest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Splits an NDJSON bulk body into <see cref="BulkItem"/>s before anything is executed, as OpenSearch does, so a
/// malformed action line fails the whole request with OpenSearch's message and nothing half-applied. Action lines
/// are read with <see cref="Utf8JsonReader"/>; ids stay slices of the body (no string per item unless escaped).
/// </summary>
internal static class BulkRequestParser
{
    private static readonly HashSet<string> KnownMetadata =
    [
        "_index", "_id", "pipeline", "routing", "require_alias", "version", "version_type", "if_seq_no",
        "if_primary_term", "retry_on_conflict", "_source", "_type", "dynamic_templates",
    ];

    /// <summary>The items of <paramref name="body"/>, in a pooled list the caller disposes.</summary>
    public static BulkItemList Parse(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var items = new BulkItemList(Math.Max(16, span.Count((byte)'\n') / 2));
        try
        {
            Parse(body, items);
            return items;
        }
        catch
        {
            items.Dispose();
            throw;
        }
    }

    private static void Parse(ReadOnlyMemory<byte> body, BulkItemList items)
    {
        var span = body.Span;
        if (span.IsEmpty || span.Trim(" \r\n\t"u8).IsEmpty)
            throw new OpenSearchApiException(400, "action_request_validation_exception", "Validation Failed: 1: no requests added;");
        if (span[^1] != (byte)'\n')
            throw new OpenSearchApiException(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
        var position = 0;
        var lineNumber = 0;
        string? lastIndex = null;
        byte[]? lastIndexBytes = null;
        while (position < span.Length)
        {
            var newline = span[position..].IndexOf((byte)'\n');
            var line = span.Slice(position, newline);
            var lineStart = position;
            position += newline + 1;
            lineNumber++;
            if (line.Trim(" \r\t"u8).IsEmpty) continue;

            var item = new BulkItem();
            var lineMemory = body.Slice(lineStart, line.Length);
            if (!TryParseIndexAction(line, lineMemory, ref item, ref lastIndex, ref lastIndexBytes))
                ParseAction(line, lineNumber, lineMemory, ref item, ref lastIndex, ref lastIndexBytes);
            if (item.Action != BulkAction.Delete)
            {
                if (position >= span.Length)
                    throw new OpenSearchApiException(400, "illegal_argument_exception", $"The bulk request must be terminated by a newline [\\n]");
                var sourceEnd = span[position..].IndexOf((byte)'\n');
                item.SourceStart = position;
                item.SourceLength = sourceEnd;
                position += sourceEnd + 1;
                lineNumber++;
            }
            items.Add(item);
        }
    }

    /// <summary>
    /// The action line every sender writes, <c>{"index":{"_index":"…","_id":"…"}}</c> with plain strings (no escapes,
    /// no control characters, valid UTF-8), read without a JSON reader; anything else — other actions or metadata,
    /// spacing, escapes, errors — goes through <see cref="ParseAction"/>, which the result is the same as.
    /// </summary>
    private static bool TryParseIndexAction(ReadOnlySpan<byte> line, ReadOnlyMemory<byte> lineMemory, ref BulkItem item, ref string? lastIndex, ref byte[]? lastIndexBytes)
    {
        ReadOnlySpan<byte> head = "{\"index\":{\"_index\":\""u8;
        ReadOnlySpan<byte> middle = "\",\"_id\":\""u8;
        ReadOnlySpan<byte> tail = "\"}}"u8;
        if (!line.StartsWith(head)) return false;
        var index = line[head.Length..];
        var quote = index.IndexOfAny((byte)'"', (byte)'\\');
        if (quote < 0 || index[quote] != (byte)'"') return false;
        var rest = index[quote..];
        index = index[..quote];
        if (!rest.StartsWith(middle)) return false;
        var idStart = line.Length - rest.Length + middle.Length;
        var id = rest[middle.Length..];
        quote = id.IndexOfAny((byte)'"', (byte)'\\');
        if (quote < 0 || id[quote] != (byte)'"' || !id[quote..].SequenceEqual(tail)) return false;
        id = id[..quote];
        if (index.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || id.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0) return false;
        if (!System.Text.Unicode.Utf8.IsValid(index) || !System.Text.Unicode.Utf8.IsValid(id)) return false;
        item.Action = BulkAction.Index;
        if (lastIndexBytes is null || !index.SequenceEqual(lastIndexBytes))
        {
            lastIndex = Encoding.UTF8.GetString(index);
            lastIndexBytes = index.ToArray();
        }
        item.Index = lastIndex;
        item.HasId = true;
        item.Id = lineMemory.Slice(idStart, id.Length);
        return true;
    }

    private static void ParseAction(ReadOnlySpan<byte> line, int lineNumber, ReadOnlyMemory<byte> lineMemory, ref BulkItem item, ref string? lastIndex, ref byte[]? lastIndexBytes)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Malformed(lineNumber, "START_OBJECT", Describe(reader.TokenType));
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
                throw Malformed(lineNumber, "FIELD_NAME", Describe(reader.TokenType));
            if (reader.ValueTextEquals("index"u8)) item.Action = BulkAction.Index;
            else if (reader.ValueTextEquals("create"u8)) item.Action = BulkAction.Create;
            else if (reader.ValueTextEquals("delete"u8)) item.Action = BulkAction.Delete;
            else if (reader.ValueTextEquals("update"u8)) item.Action = BulkAction.Update;
            else throw new OpenSearchApiException(400, "illegal_argument_exception",
                $"Malformed action/metadata line [{lineNumber}], expected one of [create, delete, index, update] but found [{reader.GetString()}]");
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Malformed(lineNumber, "START_OBJECT", Describe(reader.TokenType));
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("_index"u8))
                {
                    reader.Read();
                    RequireString(ref reader, lineNumber, "_index");
                    if (lastIndexBytes is not null && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(lastIndexBytes)) item.Index = lastIndex;
                    else
                    {
                        item.Index = lastIndex = reader.GetString()!;
                        lastIndexBytes = Encoding.UTF8.GetBytes(lastIndex);
                    }
                }
                else if (reader.ValueTextEquals("_id"u8))
                {
                    reader.Read();
                    RequireString(ref reader, lineNumber, "_id");
                    item.HasId = true;
                    item.Id = reader.ValueIsEscaped
                        ? Encoding.UTF8.GetBytes(reader.GetString()!)
                        : lineMemory.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                }
                else if (reader.ValueTextEquals("pipeline"u8))
                {
                    reader.Read();
                    RequireString(ref reader, lineNumber, "pipeline");
                    item.Pipeline = reader.GetString();
                }
                else
                {
                    var name = reader.GetString()!;
                    if (!KnownMetadata.Contains(name))
                        throw new OpenSearchApiException(400, "illegal_argument_exception", $"Action/metadata line [{lineNumber}] contains an unknown parameter [{name}]");
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || !reader.Read() || reader.TokenType != JsonTokenType.EndObject)
                throw Malformed(lineNumber, "END_OBJECT", Describe(reader.TokenType));
        }
        catch (JsonException e)
        {
            throw new OpenSearchApiException(400, "json_parse_exception", $"Malformed action/metadata line [{lineNumber}]: {e.Message}");
        }
    }

    private static void RequireString(ref Utf8JsonReader reader, int lineNumber, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new OpenSearchApiException(400, "illegal_argument_exception", $"Action/metadata line [{lineNumber}]: [{field}] must be a string, found {Describe(reader.TokenType)}");
    }

    private static OpenSearchApiException Malformed(int line, string expected, string found) =>
        new(400, "illegal_argument_exception", $"Malformed action/metadata line [{line}], expected {expected} but found [{found}]");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "START_OBJECT",
        JsonTokenType.EndObject => "END_OBJECT",
        JsonTokenType.StartArray => "START_ARRAY",
        JsonTokenType.EndArray => "END_ARRAY",
        JsonTokenType.PropertyName => "FIELD_NAME",
        JsonTokenType.String => "VALUE_STRING",
        JsonTokenType.Number => "VALUE_NUMBER",
        JsonTokenType.True or JsonTokenType.False => "VALUE_BOOLEAN",
        JsonTokenType.Null => "VALUE_NULL",
        _ => "null",
    };
}
