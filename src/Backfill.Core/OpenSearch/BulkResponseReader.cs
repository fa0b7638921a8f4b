using System.Text.Json;
using Backfill.Core.Errors;

namespace Backfill.Core.OpenSearch;

/// <summary>
/// Reads a <c>_bulk</c> response body with <see cref="Utf8JsonReader"/>: per item only the status, the result and, for
/// failures, the error's type and reason (with its <c>caused_by</c> appended) — strings are made only for failures.
/// </summary>
public static class BulkResponseReader
{
    public static BulkItemResult[] ReadItems(ReadOnlySpan<byte> json, int expectedItems)
    {
        var items = new BulkItemResult[expectedItems];
        var count = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    // { "<action>": { ...item... } }
                    Expect(ref reader, JsonTokenType.PropertyName);
                    Expect(ref reader, JsonTokenType.StartObject);
                    var item = ReadItem(ref reader);
                    Expect(ref reader, JsonTokenType.EndObject);
                    if (count == items.Length)
                        throw new OpenSearchProtocolException($"the bulk response has more items than the {expectedItems} actions sent");
                    items[count++] = item;
                }
            }
        }
        catch (JsonException e)
        {
            throw new OpenSearchProtocolException($"the bulk response is not valid JSON ({e.Message})");
        }
        if (count != expectedItems)
            throw new OpenSearchProtocolException($"the bulk response has {count} items for {expectedItems} actions sent");
        return items;
    }

    /// <summary>Reads <c>{"error":{"type":…,"reason":…},"status":…}</c> (or a plain-text body) into a type and reason.</summary>
    public static (string Type, string Reason) ReadError(ReadOnlySpan<byte> body, int status)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("error"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String) return ("error", reader.GetString()!);
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            var (type, reason) = ReadErrorObject(ref reader);
                            return (type ?? "error", reason ?? "");
                        }
                    }
                    if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8))
                    {
                        // AWS gateways answer 403 with {"message": "..."} or {"Message": "..."}.
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String) return ("http_" + status, reader.GetString()!);
                    }
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException) { }
        var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).Trim();
        return ("http_" + status, text.Length == 0 ? OpenSearchStatus.Describe(status) : text);
    }

    private static BulkItemResult ReadItem(ref Utf8JsonReader reader)
    {
        var status = 0;
        string? type = null, reason = null, result = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject) (type, reason) = ReadErrorObject(ref reader);
                else if (reader.TokenType == JsonTokenType.String) (type, reason) = ("error", reader.GetString());
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                result = ResultName(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new BulkItemResult(status, type, reason, result);
    }

    /// <summary>At a StartObject: reads type and reason, appending caused_by's as "(caused by t: r)".</summary>
    private static (string? Type, string? Reason) ReadErrorObject(ref Utf8JsonReader reader)
    {
        string? type = null, reason = null, causeType = null, causeReason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("reason"u8)) { reader.Read(); reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("caused_by"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject) (causeType, causeReason) = ReadErrorObject(ref reader);
                else reader.Skip();
            }
            else { reader.Read(); reader.Skip(); }
        }
        if (causeType is not null && !(reason?.Contains(causeReason ?? "\u0000", StringComparison.Ordinal) ?? false))
            reason = $"{reason} (caused by {causeType}: {causeReason})";
        return (type, reason);
    }

    private static string? ResultName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) { reader.Skip(); return null; }
        if (reader.ValueTextEquals("created"u8)) return "created";
        if (reader.ValueTextEquals("updated"u8)) return "updated";
        if (reader.ValueTextEquals("noop"u8)) return "noop";
        if (reader.ValueTextEquals("deleted"u8)) return "deleted";
        if (reader.ValueTextEquals("not_found"u8)) return "not_found";
        return reader.GetString();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
            throw new OpenSearchProtocolException($"unexpected bulk response shape (expected {type}, found {reader.TokenType} at byte {reader.TokenStartIndex})");
    }
}

/// <summary>An answer that is not what OpenSearch sends (wrong shape, wrong item count): not retried.</summary>
public sealed class OpenSearchProtocolException(string message) : BackfillException(message), IServiceFailure
{
    public override string ErrorType => "OpenSearchProtocolError";
}
