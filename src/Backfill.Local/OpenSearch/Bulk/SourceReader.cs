using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Reads a bulk item's source into the dictionary a pipeline works on, as <see cref="IngestDocumentJson.ReadSource"/>
/// does, but sized for the fields a pipeline adds (a grok over a log line adds about ten: growing a dictionary
/// 3 → 7 → 17 entries was the largest allocation of a local run) and with the top-level keys, the same in
/// every document, kept as strings instead of decoded again per document.
/// </summary>
internal static class SourceReader
{
    /// <summary>
    /// Entries a source dictionary starts with: a NASA log line ends with 11 fields, and 11 is one of the sizes a
    /// dictionary really takes (12 would round up to 17).
    /// </summary>
    public const int Capacity = 11;

    private const int CachedKeys = 16;
    [ThreadStatic] private static KeyCache? _keys;

    public static Dictionary<string, object?> Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a JSON object");
        var keys = _keys ??= new KeyCache();
        var map = new Dictionary<string, object?>(Capacity);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.ValueIsEscaped ? reader.GetString()! : keys.Get(reader.ValueSpan);
            reader.Read();
            map[key] = IngestDocumentJson.ReadValue(ref reader);
        }
        return map;
    }

    /// <summary>The last few distinct top-level keys of this thread, as UTF-8 and as strings.</summary>
    private sealed class KeyCache
    {
        private readonly byte[][] _utf8 = new byte[CachedKeys][];
        private readonly string[] _text = new string[CachedKeys];
        private int _count;
        private int _next;

        public string Get(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < _count; i++)
                if (utf8.SequenceEqual(_utf8[i])) return _text[i];
            var text = System.Text.Encoding.UTF8.GetString(utf8);
            if (utf8.Length > 64) return text; // long keys are rare and not worth keeping
            _utf8[_next] = utf8.ToArray();
            _text[_next] = text;
            _next = (_next + 1) % CachedKeys;
            if (_count < CachedKeys) _count++;
            return text;
        }
    }
}
