using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Reads a bulk item's source into the dictionary a pipeline works on, as <see cref="IngestDocumentJson.ReadSource"/>
/// does, but sized for the fields a pipeline adds (a grok over a log line adds about ten: growing a dictionary
/// 3 → 7 → 17 entries was the largest allocation of a local run) and with the top-level keys, the same in
/// every document, kept as strings instead of decoded again per document. It also remembers where the longest
/// top-level string (a log line's <c>message</c>) sits in the JSON, when its escaping is the canonical one, so the
/// writer can copy those bytes back instead of escaping the same string again (<see cref="SourceWriter"/>).
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

    /// <summary>Reads into <paramref name="map"/>, which must be empty (a reused document's source).</summary>
    /// <param name="raw">The longest top-level string value and where its JSON (quotes included) sits in <paramref name="utf8Json"/>, when canonically escaped.</param>
    public static void Read(ReadOnlySpan<byte> utf8Json, Dictionary<string, object?> map, out RawString raw)
    {
        if (TryReadMessageOnly(utf8Json, map, out raw)) return;
        ReadWithJsonReader(utf8Json, map, out raw);
    }

    private static ReadOnlySpan<byte> MessageOnlyStart => "{\"message\":\""u8;

    /// <summary>
    /// The documents the sender writes, <c>{"message":"…"}</c> with the line canonically escaped (printable ASCII,
    /// no escapes but <c>\"</c> and <c>\\</c>), read straight from the bytes: the same entry and <see cref="RawString"/>
    /// as <see cref="ReadWithJsonReader"/>, without a JSON reader. Anything else is left to it (false).
    /// </summary>
    internal static bool TryReadMessageOnly(ReadOnlySpan<byte> utf8Json, Dictionary<string, object?> map, out RawString raw)
    {
        raw = default;
        var start = MessageOnlyStart.Length;
        if (utf8Json.Length < start + 2 || !utf8Json.StartsWith(MessageOnlyStart) || utf8Json[^1] != (byte)'}' || utf8Json[^2] != (byte)'"')
            return false;
        var escaped = utf8Json[start..^2];
        if (!TryCountCanonicalEscapes(escaped, out var escapes)) return false;
        var text = escapes == 0 ? System.Text.Encoding.ASCII.GetString(escaped) : Unescape(escaped, escapes);
        map[(_keys ??= new KeyCache()).Get("message"u8)] = text;
        raw = new RawString(text, start - 1, escaped.Length + 2);
        return true;
    }

    private static string Unescape(ReadOnlySpan<byte> escaped, int escapes)
    {
        var length = escaped.Length - escapes;
        var chars = length <= 512 ? stackalloc char[length] : new char[length];
        var written = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == (byte)'\\') i++;
            chars[written++] = (char)escaped[i];
        }
        return new string(chars);
    }

    /// <summary>The general path: any JSON object, through <see cref="Utf8JsonReader"/>.</summary>
    internal static void ReadWithJsonReader(ReadOnlySpan<byte> utf8Json, Dictionary<string, object?> map, out RawString raw)
    {
        raw = default;
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a JSON object");
        var keys = _keys ??= new KeyCache();
        string? longest = null;
        int start = 0, length = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.ValueIsEscaped ? reader.GetString()! : keys.Get(reader.ValueSpan);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString()!;
                if (reader.ValueSpan.Length + 2 > length)
                {
                    longest = text;
                    start = (int)reader.TokenStartIndex;
                    length = reader.ValueSpan.Length + 2;
                }
                map[key] = text;
            }
            else
            {
                map[key] = IngestDocumentJson.ReadValue(ref reader);
            }
        }
        if (longest is not null && IsCanonical(utf8Json.Slice(start + 1, length - 2))) raw = new RawString(longest, start, length);
    }

    /// <summary>
    /// True when the escaped string holds only printable ASCII and escapes nothing but <c>\"</c> and <c>\\</c>:
    /// exactly what the endpoint's writer produces for the decoded string, so the bytes can be copied back.
    /// </summary>
    internal static bool IsCanonical(ReadOnlySpan<byte> escaped) => TryCountCanonicalEscapes(escaped, out _);

    // The check behind IsCanonical, counting the escapes. A bare quote fails it too: it cannot occur in a string the
    // JSON reader delimited, and in raw bytes (TryReadMessageOnly) it would end the string early.
    private static bool TryCountCanonicalEscapes(ReadOnlySpan<byte> escaped, out int escapes)
    {
        escapes = 0;
        if (escaped.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0) return false;
        for (var at = escaped.IndexOfAny((byte)'"', (byte)'\\'); at >= 0; at = escaped.IndexOfAny((byte)'"', (byte)'\\'))
        {
            if (escaped[at] == (byte)'"' || at + 1 >= escaped.Length || escaped[at + 1] is not ((byte)'"' or (byte)'\\')) return false;
            escapes++;
            escaped = escaped[(at + 2)..];
        }
        return true;
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

/// <summary>A source's string value and the bytes of its JSON (quotes included) in the source: offset and length.</summary>
internal readonly record struct RawString(string? Text, int Start, int Length);
