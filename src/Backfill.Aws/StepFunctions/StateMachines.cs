namespace Backfill.Aws.StepFunctions;

public sealed record CreateStateMachineRequest(string Name, string Definition, string RoleArn)
{
    /// <summary>STANDARD (default) or EXPRESS. Distributed Map and redrive need STANDARD.</summary>
    public string? Type { get; init; }
    public LoggingConfiguration? LoggingConfiguration { get; init; }
    public TracingConfiguration? TracingConfiguration { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
    public bool? Publish { get; init; }
    public string? VersionDescription { get; init; }
}

public sealed record CreateStateMachineResponse(string StateMachineArn, DateTimeOffset CreationDate)
{
    public string? StateMachineVersionArn { get; init; }
}

public sealed record UpdateStateMachineRequest(string StateMachineArn)
{
    public string? Definition { get; init; }
    public string? RoleArn { get; init; }
    public LoggingConfiguration? LoggingConfiguration { get; init; }
    public TracingConfiguration? TracingConfiguration { get; init; }
    public bool? Publish { get; init; }
    public string? VersionDescription { get; init; }
}

public sealed record UpdateStateMachineResponse(DateTimeOffset UpdateDate)
{
    public string? RevisionId { get; init; }
    public string? StateMachineVersionArn { get; init; }
}

public sealed record DescribeStateMachineRequest(string StateMachineArn);

public sealed record DescribeStateMachineResponse
{
    public required string StateMachineArn { get; init; }
    public required string Name { get; init; }
    public string? Status { get; init; }
    public required string Definition { get; init; }
    public string? RoleArn { get; init; }
    public string? Type { get; init; }
    public DateTimeOffset CreationDate { get; init; }
    public LoggingConfiguration? LoggingConfiguration { get; init; }
    public TracingConfiguration? TracingConfiguration { get; init; }
    public string? RevisionId { get; init; }
    public string? Description { get; init; }
}

/// <summary>Level: ALL, ERROR, FATAL or OFF.</summary>
public sealed record LoggingConfiguration
{
    public string? Level { get; init; }
    public bool? IncludeExecutionData { get; init; }
    public IReadOnlyList<LogDestination>? Destinations { get; init; }
}

public sealed record LogDestination(CloudWatchLogsLogGroup CloudWatchLogsLogGroup);

public sealed record CloudWatchLogsLogGroup(string LogGroupArn);

public sealed record TracingConfiguration(bool Enabled);

public sealed record Tag(string Key, string Value);
