namespace Backfill.Functions.Runtime;

/// <summary>How the bootstrap loop behaves; the defaults are for Lambda, tests shorten or replace them.</summary>
public sealed record LambdaRuntimeOptions
{
    /// <summary>
    /// The handler's cancellation fires this long before Lambda's deadline (at most half the time remaining), so
    /// the runtime can still report a named error before the sandbox is stopped.
    /// </summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A handler that ignores its cancellation is given up this long before the deadline: its error is posted and
    /// the loop ends (the process exits, so the abandoned work cannot overlap the next invocation).
    /// </summary>
    public TimeSpan AbandonBeforeDeadline { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Set _X_AMZN_TRACE_ID for each invocation, as Lambda's managed runtimes do (the AWS SDKs read it).</summary>
    public bool SetTraceEnvironmentVariable { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where failures are logged (CloudWatch Logs takes stdout/stderr).</summary>
    public TextWriter Log { get; init; } = Console.Error;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
