using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Core;

/// <summary>The one JSON shape used for handler events, results, manifests and reports: camelCase, nulls omitted, enums as strings.</summary>
public static class BackfillJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
