using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Aws.Json;

/// <summary>
/// AWS JSON protocols send timestamps in bodies as epoch seconds with a fraction (1700000000.123). Reads those and,
/// leniently, ISO-8601 strings; writes epoch seconds with millisecond precision.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000, MidpointRounding.AwayFromZero));
        if (reader.TokenType == JsonTokenType.String &&
            DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        throw new JsonException($"expected a timestamp (epoch seconds or ISO-8601), found {reader.TokenType}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue((value.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture));
}
