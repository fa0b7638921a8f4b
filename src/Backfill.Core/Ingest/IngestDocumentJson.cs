using System.Globalization;
using System.Text.Json;

namespace Backfill.Core.Ingest;

/// <summary>
/// Converts between JSON and the values an <see cref="IngestDocument"/> holds: integers become int (or long when
/// they do not fit), other numbers double, arrays <see cref="List{T}"/>, objects <see cref="Dictionary{TKey,TValue}"/>
/// — the types OpenSearch's ingest node sees after parsing a request.
/// </summary>
public static class IngestDocumentJson
{
    /// <summary>Writes <paramref name="source"/> as one JSON object, keys in insertion order.</summary>
    public static void WriteSource(Utf8JsonWriter writer, Dictionary<string, object?> source)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in source)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteDouble(writer, d); break;
            case float f: WriteFloat(writer, f); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case Dictionary<string, object?> map: WriteSource(writer, map); break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>
    /// The <c>{"_index","_id","_source","_ingest"}</c> object OpenSearch's <c>_simulate</c> shows for a document.
    /// </summary>
    public static void WriteSimulatedDocument(Utf8JsonWriter writer, IngestDocument document)
    {
        writer.WriteStartObject();
        writer.WriteString("_index", document.Index);
        if (document.Id is null) writer.WriteNull("_id");
        else writer.WriteString("_id", document.Id);
        if (document.Routing is not null) writer.WriteString("_routing", document.Routing);
        writer.WritePropertyName("_source");
        WriteSource(writer, document.Source);
        writer.WritePropertyName("_ingest");
        writer.WriteStartObject();
        if (document.IngestMetadata is { } metadata)
        {
            foreach (var (key, value) in metadata)
            {
                if (key == "timestamp") continue;
                writer.WritePropertyName(key);
                WriteValue(writer, value);
            }
        }
        writer.WriteString("timestamp", document.IngestTimestampText);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Parses one JSON object into a source dictionary.</summary>
    public static Dictionary<string, object?> ReadSource(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a JSON object");
        return (Dictionary<string, object?>)ReadValue(ref reader)!;
    }

    /// <summary>Reads the value at the reader's current token (which must already be read).</summary>
    public static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new Dictionary<string, object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[key] = ReadValue(ref reader);
                }
                return map;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                return list;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var i)) return i;
                if (reader.TryGetInt64(out var l)) return l;
                return reader.GetDouble();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Null: return null;
            default: throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>The document value for a parsed JSON element.</summary>
    public static object? ToValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>();
                foreach (var property in element.EnumerateObject()) map[property.Name] = ToValue(property.Value);
                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray()) list.Add(ToValue(item));
                return list;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt32(out var i)) return i;
                if (element.TryGetInt64(out var l)) return l;
                return element.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    // JSON has no NaN/Infinity; OpenSearch would refuse them at mapping time, we write them as strings.
    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d)) writer.WriteNumberValue(d);
        else writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteFloat(Utf8JsonWriter writer, float f)
    {
        if (float.IsFinite(f)) writer.WriteNumberValue(f);
        else writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
    }
}
