using System.Text.Json.Serialization;

namespace Backfill.Aws.StepFunctions;

/// <summary>Execution status values (strings on the wire, so a value added by AWS later still parses).</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
    public const string PendingRedrive = "PENDING_REDRIVE";
}

/// <param name="Input">The execution input as JSON text (up to 256 KiB).</param>
public sealed record StartExecutionRequest(string StateMachineArn, string? Input = null, string? Name = null)
{
    public string? TraceHeader { get; init; }
}

public sealed record StartExecutionResponse(string ExecutionArn, DateTimeOffset StartDate);

public sealed record DescribeExecutionRequest(string ExecutionArn);

public sealed record DescribeExecutionResponse
{
    public required string ExecutionArn { get; init; }
    public string? StateMachineArn { get; init; }
    public string? Name { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    /// <summary>Set when the execution was started by a Distributed Map (a child execution).</summary>
    public string? MapRunArn { get; init; }
    public int? RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
    /// <summary>REDRIVABLE, NOT_REDRIVABLE, REDRIVABLE_BY_MAP_RUN.</summary>
    public string? RedriveStatus { get; init; }
    public string? RedriveStatusReason { get; init; }
    public string? TraceHeader { get; init; }
    public string? StateMachineVersionArn { get; init; }
    public string? StateMachineAliasArn { get; init; }
}

public sealed record ListExecutionsRequest
{
    public string? StateMachineArn { get; init; }
    public string? StatusFilter { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    /// <summary>Lists a Distributed Map's child executions instead of a state machine's.</summary>
    public string? MapRunArn { get; init; }
    /// <summary>REDRIVEN or NOT_REDRIVEN.</summary>
    public string? RedriveFilter { get; init; }
}

public sealed record ListExecutionsResponse(IReadOnlyList<ExecutionListItem> Executions, string? NextToken = null);

public sealed record ExecutionListItem
{
    public required string ExecutionArn { get; init; }
    public string? StateMachineArn { get; init; }
    public string? Name { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public string? MapRunArn { get; init; }
    public int? ItemCount { get; init; }
    public int? RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
}

public sealed record RedriveExecutionRequest(string ExecutionArn, string? ClientToken = null);

public sealed record RedriveExecutionResponse(DateTimeOffset RedriveDate);

public sealed record StopExecutionRequest(string ExecutionArn)
{
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

public sealed record StopExecutionResponse(DateTimeOffset StopDate);
