using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Aws.StepFunctions;

public sealed record GetExecutionHistoryRequest(string ExecutionArn)
{
    public int? MaxResults { get; init; }
    public bool? ReverseOrder { get; init; }
    public string? NextToken { get; init; }
    public bool? IncludeExecutionData { get; init; }
}

public sealed record GetExecutionHistoryResponse(IReadOnlyList<HistoryEvent> Events, string? NextToken = null);

/// <summary>
/// One history event. Its details live in a member named after the type ("executionFailedEventDetails",
/// "taskFailedEventDetails", "mapRunFailedEventDetails", …); they are kept as raw JSON in <see cref="Details"/>.
/// </summary>
public sealed record HistoryEvent
{
    public DateTimeOffset Timestamp { get; init; }
    public required string Type { get; init; }
    public long Id { get; init; }
    public long? PreviousEventId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Details { get; init; }

    /// <summary>The "*EventDetails" member, if any (every event type has at most one).</summary>
    [JsonIgnore]
    public JsonElement? EventDetails =>
        Details?.FirstOrDefault(d => d.Key.EndsWith("EventDetails", StringComparison.Ordinal)) is { Key: not null } pair ? pair.Value : null;

    /// <summary>"error" from the details of a failure event.</summary>
    [JsonIgnore]
    public string? Error => DetailString("error");

    /// <summary>"cause" from the details of a failure event.</summary>
    [JsonIgnore]
    public string? Cause => DetailString("cause");

    private string? DetailString(string name) =>
        EventDetails is { ValueKind: JsonValueKind.Object } details && details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
