using Backfill.Aws;
using Backfill.Aws.Lambda;
using Backfill.Aws.Scheduler;
using Backfill.Aws.StepFunctions;

namespace Backfill.Cli.Aws;

/// <summary>
/// Creates the typed clients for a command. Tests replace <see cref="Retry"/> so that retried failures do not sleep.
/// </summary>
public static class AwsClients
{
    /// <summary>Null: the standard backoff (AWS SDK "standard" mode).</summary>
    public static Backfill.Aws.Json.AwsRetryPolicy? Retry { get; set; }

    public static StepFunctionsClient StepFunctions(AwsClientOptions options) => new(options, Retry);

    public static LambdaClient Lambda(AwsClientOptions options) => new(options, Retry);

    public static SchedulerClient Scheduler(AwsClientOptions options) => new(options, Retry);
}
