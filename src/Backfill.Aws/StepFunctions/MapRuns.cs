namespace Backfill.Aws.StepFunctions;

public sealed record DescribeMapRunRequest(string MapRunArn);

public sealed record DescribeMapRunResponse
{
    public required string MapRunArn { get; init; }
    public required string ExecutionArn { get; init; }
    /// <summary>RUNNING, SUCCEEDED, FAILED, ABORTED.</summary>
    public required string Status { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public int MaxConcurrency { get; init; }
    public double ToleratedFailurePercentage { get; init; }
    public long ToleratedFailureCount { get; init; }
    /// <summary>Items (chunks) by status.</summary>
    public required MapRunCounts ItemCounts { get; init; }
    /// <summary>Child workflow executions by status.</summary>
    public required MapRunCounts ExecutionCounts { get; init; }
    public int? RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
}

public sealed record MapRunCounts
{
    public long Pending { get; init; }
    public long Running { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long TimedOut { get; init; }
    public long Aborted { get; init; }
    public long Total { get; init; }
    public long ResultsWritten { get; init; }
    public long? FailuresNotRedrivable { get; init; }
    public long? PendingRedrive { get; init; }
}

public sealed record ListMapRunsRequest(string ExecutionArn)
{
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ListMapRunsResponse(IReadOnlyList<MapRunListItem> MapRuns, string? NextToken = null);

public sealed record MapRunListItem(string ExecutionArn, string MapRunArn, string StateMachineArn, DateTimeOffset StartDate, DateTimeOffset? StopDate = null);
