using Backfill.Cli.Display;

namespace Backfill.Cli.Local;

/// <summary>
/// The local half of `backfill redrive` and `backfill rerun-failed` (an argument that is not an ARN names a local
/// execution). Prints the same live progress and summary as `backfill run`.
/// </summary>
public static class LocalExecutions
{
    /// <param name="options">The folders the execution was run with (--executions, --opensearch-data).</param>
    public static Task<int> RedriveAsync(string executionId, LocalRunOptions options, CommandContext ctx, CancellationToken ct) =>
        RunAsync(ctx, options, (backfill, progress) => backfill.RedriveAsync(executionId, progress, ct));

    /// <param name="options">The folders the execution was run with (--executions, --opensearch-data).</param>
    /// <param name="newName">--name: the new execution's name (default: its run id).</param>
    public static Task<int> RerunFailedAsync(string executionId, LocalRunOptions options, CommandContext ctx, CancellationToken ct, string? newName = null) =>
        RunAsync(ctx, options, (backfill, progress) => backfill.RerunFailedAsync(executionId, progress, ct, newName));

    /// <summary>Runs one local operation with progress, prints the summary, and maps the outcome to an exit code.</summary>
    public static async Task<int> RunAsync(CommandContext ctx, LocalRunOptions options, Func<LocalBackfill, RunProgress, Task<LocalRunOutcome>> operation)
    {
        using var backfill = new LocalBackfill(options);
        var progress = new RunProgress();
        var outcome = await RunProgressDisplay.RunAsync(ctx, progress, () => operation(backfill, progress));
        RunSummary.Write(ctx, outcome, progress, backfill.Executions.FolderOf(outcome.Execution.Name));
        return outcome.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }
}
