using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Aws.Json;

/// <summary>
/// Serializer settings for AWS JSON bodies: member names as the service spells them (camelCase for Step Functions,
/// PascalCase for Lambda and Scheduler), absent members omitted (AWS treats null and absent differently for some
/// members), JSON escaped minimally, timestamps as epoch seconds, unknown response members ignored (services add members over time).
/// </summary>
public static class AwsJsonOptions
{
    public static JsonSerializerOptions CamelCase { get; } = Create(JsonNamingPolicy.CamelCase);

    public static JsonSerializerOptions PascalCase { get; } = Create(null);

    private static JsonSerializerOptions Create(JsonNamingPolicy? naming)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = naming,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            Converters = { new EpochSecondsConverter() },
            // Bodies go to an API, never into HTML: keep quotes in embedded JSON (inputs, definitions) as \" so
            // they stay readable and do not grow six-fold against the services' size limits.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
