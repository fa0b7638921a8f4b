namespace Backfill.Aws.Scheduler;

public static class ScheduleState
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}

public static class FlexibleTimeWindowMode
{
    public const string Off = "OFF";
    public const string Flexible = "FLEXIBLE";
}

/// <summary>
/// A schedule as CreateSchedule / UpdateSchedule take it. <see cref="ScheduleExpression"/> is "cron(…)", "rate(…)"
/// or "at(…)"; the target here is a templated target such as a Step Functions state machine (StartExecution).
/// </summary>
public sealed record ScheduleDefinition(string Name, string ScheduleExpression, FlexibleTimeWindow FlexibleTimeWindow, ScheduleTarget Target)
{
    public string? GroupName { get; init; }
    public string? ScheduleExpressionTimezone { get; init; }
    public string? Description { get; init; }
    public string? State { get; init; }
    public DateTimeOffset? StartDate { get; init; }
    public DateTimeOffset? EndDate { get; init; }
    /// <summary>NONE or DELETE (for one-time at() schedules).</summary>
    public string? ActionAfterCompletion { get; init; }
    public string? KmsKeyArn { get; init; }
    public string? ClientToken { get; init; }

    /// <summary>The body: everything but the name, which goes in the path.</summary>
    internal object Body() => new ScheduleBody(ScheduleExpression, FlexibleTimeWindow, Target, GroupName, ScheduleExpressionTimezone,
        Description, State, StartDate, EndDate, ActionAfterCompletion, KmsKeyArn, ClientToken);

    private sealed record ScheduleBody(string ScheduleExpression, FlexibleTimeWindow FlexibleTimeWindow, ScheduleTarget Target,
        string? GroupName, string? ScheduleExpressionTimezone, string? Description, string? State, DateTimeOffset? StartDate,
        DateTimeOffset? EndDate, string? ActionAfterCompletion, string? KmsKeyArn, string? ClientToken);
}

/// <param name="Mode">OFF or FLEXIBLE.</param>
/// <param name="MaximumWindowInMinutes">1–1440 when FLEXIBLE.</param>
public sealed record FlexibleTimeWindow(string Mode, int? MaximumWindowInMinutes = null)
{
    public static FlexibleTimeWindow Off { get; } = new(FlexibleTimeWindowMode.Off);
}

/// <param name="Arn">The target, e.g. a state machine ARN (templated StartExecution target).</param>
/// <param name="RoleArn">The role Scheduler assumes to call the target.</param>
/// <param name="Input">The text sent to the target: for Step Functions, the execution input JSON.</param>
public sealed record ScheduleTarget(string Arn, string RoleArn, string? Input = null)
{
    public TargetRetryPolicy? RetryPolicy { get; init; }
    public DeadLetterConfig? DeadLetterConfig { get; init; }
}

/// <param name="MaximumEventAgeInSeconds">60–86400.</param>
/// <param name="MaximumRetryAttempts">0–185.</param>
public sealed record TargetRetryPolicy(int? MaximumEventAgeInSeconds = null, int? MaximumRetryAttempts = null);

/// <param name="Arn">An SQS queue ARN for events Scheduler could not deliver.</param>
public sealed record DeadLetterConfig(string Arn);

public sealed record ScheduleArnResponse(string ScheduleArn);

public sealed record GetScheduleResponse
{
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public string? GroupName { get; init; }
    public string? ScheduleExpression { get; init; }
    public string? ScheduleExpressionTimezone { get; init; }
    public string? State { get; init; }
    public string? Description { get; init; }
    public FlexibleTimeWindow? FlexibleTimeWindow { get; init; }
    public ScheduleTarget? Target { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? LastModificationDate { get; init; }
    public DateTimeOffset? StartDate { get; init; }
    public DateTimeOffset? EndDate { get; init; }
    public string? ActionAfterCompletion { get; init; }
    public string? KmsKeyArn { get; init; }
}

public sealed record ListSchedulesRequest
{
    public string? GroupName { get; init; }
    public string? NamePrefix { get; init; }
    public string? State { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ListSchedulesResponse(IReadOnlyList<ScheduleSummary> Schedules, string? NextToken = null);

public sealed record ScheduleSummary
{
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public string? GroupName { get; init; }
    public string? State { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? LastModificationDate { get; init; }
    public ScheduleTargetSummary? Target { get; init; }
}

public sealed record ScheduleTargetSummary(string Arn);
