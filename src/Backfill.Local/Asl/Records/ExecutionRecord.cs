using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Records;

/// <summary>
/// Everything needed to redrive an execution later, possibly from another process: its identity, input, how
/// many times it was redriven and what its top-level run did. Save it with <see cref="ToJson"/>.
/// </summary>
public sealed record ExecutionRecord
{
    public required string ExecutionArn { get; init; }
    public required string Name { get; init; }
    public required string StateMachineName { get; init; }
    public JsonNode? Input { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public int RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
    public required RunRecord Run { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ExecutionRecord FromJson(string json) =>
        JsonSerializer.Deserialize<ExecutionRecord>(json, Options) ?? throw new JsonException("the execution record is null");
}
