using System.Text.Json;

namespace Backfill.Core.Ingest;

/// <summary>Writes ingest documents (the value types <see cref="IngestDocument.Source"/> holds) as JSON.</summary>
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
            default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    // JSON has no NaN/Infinity; OpenSearch would refuse them at mapping time, we write them as strings.
    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d)) writer.WriteNumberValue(d);
        else writer.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void WriteFloat(Utf8JsonWriter writer, float f)
    {
        if (float.IsFinite(f)) writer.WriteNumberValue(f);
        else writer.WriteStringValue(f.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
