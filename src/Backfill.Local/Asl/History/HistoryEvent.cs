using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;

namespace Backfill.Local.Asl.History;

/// <summary>
/// One execution history event, named and shaped like Step Functions' GetExecutionHistory entries:
/// <c>{"id", "previousEventId", "timestamp", "type": "TaskStateEntered", "stateEnteredEventDetails": {…}}</c>.
/// <see cref="ExecutionArn"/> tells child executions (Distributed Map) apart from the parent.
/// </summary>
public sealed record HistoryEvent(
    string ExecutionArn,
    long Id,
    long PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    string? DetailsName,
    JsonObject? Details)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["previousEventId"] = PreviousEventId,
            ["timestamp"] = AslTimestamp.Format(Timestamp),
            ["type"] = Type,
        };
        if (DetailsName is not null) json[DetailsName] = Details?.DeepClone();
        return json;
    }

    /// <summary>A details field as a string, or null (e.g. <c>Detail("name")</c>, <c>Detail("error")</c>).</summary>
    public string? Detail(string field) => Details?[field]?.GetValue<string>();

    public override string ToString() => ToJson().ToJsonString();
}
