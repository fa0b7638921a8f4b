using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Json;

/// <summary>
/// Helpers over System.Text.Json.Nodes values as the engine uses them. JSON null is a C# null node; a missing
/// value is signalled separately by the callers (path results), never by null.
/// Nodes that enter the engine are "materialised" (every object and array built eagerly) so that concurrent Map
/// iterations can read a shared input without racing on JsonNode's lazy initialisation.
/// </summary>
public static class JsonValues
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 512 };

    /// <summary>Parses JSON text into a materialised node (throws <see cref="JsonException"/> on bad JSON).</summary>
    public static JsonNode? Parse(string json) => Materialize(JsonNode.Parse(json, NodeOptions, DocumentOptions));

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => Materialize(JsonNode.Parse(utf8, NodeOptions, DocumentOptions));

    /// <summary>Forces lazily-parsed objects and arrays to build their children, recursively.</summary>
    public static JsonNode? Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj) Materialize(property.Value);
                break;
            case JsonArray array:
                foreach (var item in array) Materialize(item);
                break;
        }
        return node;
    }

    /// <summary>A node that can be inserted into a new parent: the node itself when it has none, else a deep copy.</summary>
    public static JsonNode? Detach(JsonNode? node) => node is null ? null : node.Parent is null ? node : node.DeepClone();

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    [ThreadStatic] private static CountingStream? _counter;
    [ThreadStatic] private static Utf8JsonWriter? _countingWriter;

    /// <summary>The size of the node's compact UTF-8 JSON, computed without building the text.</summary>
    public static long Utf8Length(JsonNode? node)
    {
        if (node is null) return 4;
        var counter = _counter ??= new CountingStream();
        var writer = _countingWriter ??= new Utf8JsonWriter(counter, new JsonWriterOptions { Encoder = Compact.Encoder, SkipValidation = true });
        counter.Reset();
        writer.Reset(counter);
        node.WriteTo(writer);
        writer.Flush();
        return counter.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;
        public void Reset() => _length = 0;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }

    /// <summary>Compact JSON text (no spaces, non-ASCII kept as is) — the form AWS shows in history events.</summary>
    public static string ToJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool IsString(JsonNode? node) => Kind(node) == JsonValueKind.String;
    public static bool IsNumber(JsonNode? node) => Kind(node) == JsonValueKind.Number;
    public static bool IsBoolean(JsonNode? node) => Kind(node) is JsonValueKind.True or JsonValueKind.False;

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        value = "";
        return false;
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>The number's JSON text as written (e.g. "1.0", "-0", "1e3").</summary>
    public static string? NumberText(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        if (v.TryGetValue<JsonElement>(out var element)) return element.GetRawText();
        return v.ToJsonString();
    }

    /// <summary>True when the number was written without a fraction or exponent (Jackson reads it as an integer).</summary>
    public static bool IsIntegralLiteral(string numberText) =>
        numberText.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        var text = NumberText(node);
        if (text is null) { value = 0; return false; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryGetDecimal(JsonNode? node, out decimal value)
    {
        var text = NumberText(node);
        if (text is null) { value = 0; return false; }
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An integer value: a number with no fractional part that fits a long (1, 1.0 and 1e2 all qualify).</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (TryGetDecimal(node, out var d))
        {
            if (decimal.Truncate(d) != d || d < long.MinValue || d > long.MaxValue) return false;
            value = (long)d;
            return true;
        }
        if (TryGetDouble(node, out var f) && Math.Floor(f) == f && f >= long.MinValue && f <= long.MaxValue)
        {
            value = (long)f;
            return true;
        }
        return false;
    }

    /// <summary>Numeric comparison that is exact for decimal-representable values and falls back to doubles.</summary>
    public static int CompareNumbers(JsonNode? a, JsonNode? b)
    {
        if (TryGetDecimal(a, out var da) && TryGetDecimal(b, out var db)) return da.CompareTo(db);
        TryGetDouble(a, out var fa);
        TryGetDouble(b, out var fb);
        return fa.CompareTo(fb);
    }

    /// <summary>Structural equality: same kinds, numbers equal by value (1 == 1.0), objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b)) return false;
        switch (kind)
        {
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.Number:
                return CompareNumbers(a, b) == 0;
            case JsonValueKind.String:
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                var left = (JsonArray)a!;
                var right = (JsonArray)b!;
                if (left.Count != right.Count) return false;
                for (var i = 0; i < left.Count; i++)
                    if (!DeepEquals(left[i], right[i])) return false;
                return true;
            case JsonValueKind.Object:
                var lo = (JsonObject)a!;
                var ro = (JsonObject)b!;
                if (lo.Count != ro.Count) return false;
                foreach (var (key, value) in lo)
                {
                    if (!ro.TryGetPropertyValue(key, out var other)) return false;
                    if (!DeepEquals(value, other)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>A short description of a value's type for error messages ("string", "number", "object", …).</summary>
    public static string TypeName(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "unknown",
    };

    /// <summary>JSON text shortened for messages.</summary>
    public static string Preview(JsonNode? node, int max = 200)
    {
        var text = ToJson(node);
        return text.Length <= max ? text : text[..max] + "…";
    }
}
