using System.Text.Encodings.Web;
using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Writes a pipeline's output document as <see cref="IngestDocumentJson.WriteSource"/> does, byte for byte, but
/// with the top-level field names encoded once per thread instead of once per document (the same dozen names
/// come back millions of times in a local run). Names are found by reference first — processors set their fields
/// with the same string instances every time — then by value.
/// </summary>
internal static class SourceWriter
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const int MaxCachedNames = 256;
    private const int MaxReferences = 32;
    [ThreadStatic] private static NameCache? _names;

    public static void Write(Utf8JsonWriter writer, Dictionary<string, object?> source)
    {
        var names = _names ??= new NameCache();
        writer.WriteStartObject();
        foreach (var (key, value) in source)
        {
            writer.WritePropertyName(names.Get(key));
            if (value is string text) writer.WriteStringValue(text);
            else IngestDocumentJson.WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    private sealed class NameCache
    {
        private readonly string[] _references = new string[MaxReferences];
        private readonly JsonEncodedText[] _encoded = new JsonEncodedText[MaxReferences];
        private int _count;
        private readonly Dictionary<string, JsonEncodedText> _byValue = new(StringComparer.Ordinal);

        public JsonEncodedText Get(string name)
        {
            for (var i = 0; i < _count; i++)
                if (ReferenceEquals(_references[i], name)) return _encoded[i];
            if (!_byValue.TryGetValue(name, out var encoded))
            {
                encoded = JsonEncodedText.Encode(name, Encoder);
                if (_byValue.Count < MaxCachedNames) _byValue[name] = encoded;
                return encoded; // first sighting: the string may be a one-off, so it is not kept by reference yet
            }
            if (_count < MaxReferences)
            {
                _references[_count] = name;
                _encoded[_count++] = encoded;
            }
            return encoded;
        }
    }
}
