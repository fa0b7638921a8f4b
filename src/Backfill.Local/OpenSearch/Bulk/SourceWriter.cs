using System.Text.Encodings.Web;
using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Writes a pipeline's output document as <see cref="IngestDocumentJson.WriteSource"/> does, byte for byte, but
/// with the top-level field names encoded once per thread instead of once per document (the same dozen names
/// come back millions of times in a local run).
/// </summary>
internal static class SourceWriter
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const int MaxCachedNames = 256;
    [ThreadStatic] private static Dictionary<string, JsonEncodedText>? _names;

    public static void Write(Utf8JsonWriter writer, Dictionary<string, object?> source)
    {
        var names = _names ??= new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        writer.WriteStartObject();
        foreach (var (key, value) in source)
        {
            if (!names.TryGetValue(key, out var name))
            {
                name = JsonEncodedText.Encode(key, Encoder);
                if (names.Count < MaxCachedNames) names[key] = name;
            }
            writer.WritePropertyName(name);
            if (value is string text) writer.WriteStringValue(text);
            else IngestDocumentJson.WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }
}
