using System.Buffers;
using System.Text.Json;

namespace Backfill.Local.OpenSearch.Rest;

/// <summary>Small helpers to write response bodies with <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonBodies
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static RestResponse Json(int status, Action<Utf8JsonWriter> write) => new(status, Write(write));

    public static RestResponse Acknowledged() => Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("acknowledged", true);
        w.WriteEndObject();
    });

    /// <summary>OpenSearch's error shape: <c>{"error":{"root_cause":[{…}],"type","reason",…},"status":N}</c>.</summary>
    public static RestResponse Error(int status, string type, string reason, IReadOnlyDictionary<string, string>? extra = null) => Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteStartArray("root_cause");
        WriteCause(w, type, reason, extra);
        w.WriteEndArray();
        w.WriteString("type", type);
        w.WriteString("reason", reason);
        if (extra is not null) foreach (var (k, v) in extra) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteNumber("status", status);
        w.WriteEndObject();
    });

    public static RestResponse Error(OpenSearchApiException e) => Error(e.Status, e.Type, e.Reason, e.Extra);

    public static void WriteCause(Utf8JsonWriter w, string type, string reason, IReadOnlyDictionary<string, string>? extra = null)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("reason", reason);
        if (extra is not null) foreach (var (k, v) in extra) w.WriteString(k, v);
        w.WriteEndObject();
    }

    /// <summary>Copies raw JSON bytes as a property value (stored pipeline and template bodies).</summary>
    public static void WriteRaw(Utf8JsonWriter w, string property, byte[] json)
    {
        w.WritePropertyName(property);
        w.WriteRawValue(json, skipInputValidation: false);
    }
}
