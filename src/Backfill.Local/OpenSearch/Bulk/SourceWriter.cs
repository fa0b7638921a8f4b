using System.Text.Encodings.Web;
using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Writes a pipeline's output document as <see cref="IngestDocumentJson.WriteSource"/> does, byte for byte, but
/// with the top-level field names encoded once per thread instead of once per document (the same dozen names
/// come back millions of times in a local run). Names are found by reference first — processors set their fields
/// with the same string instances every time — then by value. A string the pipeline left untouched (the log line)
/// is copied from the request's JSON when <see cref="SourceReader"/> found it canonically escaped: the writer would
/// produce the very same bytes (checked once at start-up), so escaping it again is skipped.
/// </summary>
internal static class SourceWriter
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const int MaxCachedNames = 256;
    private const int MaxReferences = 32;
    [ThreadStatic] private static NameCache? _names;

    /// <summary>Whether this runtime's writer escapes printable ASCII as <see cref="SourceReader.IsCanonical"/> expects.</summary>
    internal static readonly bool CopiesCanonicalStrings = VerifyCanonicalEscaping();

    public static void Write(Utf8JsonWriter writer, Dictionary<string, object?> source) => Write(writer, source, default, default);

    /// <param name="raw">A string of the source as it was read, and where its JSON is in <paramref name="rawSource"/>.</param>
    public static void Write(Utf8JsonWriter writer, Dictionary<string, object?> source, RawString raw, ReadOnlySpan<byte> rawSource)
    {
        var names = _names ??= new NameCache();
        var copyable = CopiesCanonicalStrings ? raw.Text : null;
        writer.WriteStartObject();
        foreach (var (key, value) in source)
        {
            writer.WritePropertyName(names.Get(key));
            if (value is string text)
            {
                if (ReferenceEquals(text, copyable)) writer.WriteRawValue(rawSource.Slice(raw.Start, raw.Length), skipInputValidation: true);
                else writer.WriteStringValue(text);
            }
            else
            {
                IngestDocumentJson.WriteValue(writer, value);
            }
        }
        writer.WriteEndObject();
    }

    private static bool VerifyCanonicalEscaping()
    {
        try
        {
            var ascii = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray());
            var output = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = Encoder }))
                writer.WriteStringValue(ascii);
            var expected = "\"" + ascii.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            return output.WrittenSpan.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(expected));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
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
