using System.Text.Json.Nodes;

namespace Backfill.Local.Executions;

/// <summary>What `backfill executions list|show` prints: one execution's identity, status and outcome.</summary>
public sealed record LocalExecutionSummary
{
    public required string Name { get; init; }
    public required string ExecutionArn { get; init; }
    /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED (Step Functions' names).</summary>
    public required string Status { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public int RedriveCount { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public JsonNode? Output { get; init; }
    /// <summary>Set on rerun-failed executions: the execution whose failed chunks this one re-sends.</summary>
    public string? RerunOf { get; init; }
}
