using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Map;

/// <summary>
/// Runs a Map's iterations with at most MaxConcurrency in flight (0: all at once), using that many async workers
/// pulling the next index — thousands of items cost no more threads than the concurrency. Once failures exceed the
/// tolerance, the iterations still running are cancelled and no new ones start. Iterations that succeeded in a
/// previous run (redrive) are reused without running.
/// </summary>
internal static class IterationScheduler
{
    public sealed record Outcome(RunRecord[] Records, int Failures, int FirstFailureIndex, bool ToleranceExceeded);

    public static async Task<Outcome> RunAsync(int count, int maxConcurrency, FailureTolerance tolerance,
        IReadOnlyList<RunRecord>? previous, Func<int, CancellationToken, Task<RunRecord>> runOne, CancellationToken cancellationToken)
    {
        var records = new RunRecord[count];
        if (previous is not null)
            for (var i = 0; i < count && i < previous.Count; i++)
                if (previous[i].Status == RunStatus.Succeeded) records[i] = previous[i];

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var failures = 0;
        var firstFailure = -1;
        var exceeded = 0;

        async Task Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                if (records[i] is not null) continue;
                if (abort.IsCancellationRequested)
                {
                    records[i] = previous is not null && i < previous.Count ? previous[i] : RunRecord.NotStarted;
                    continue;
                }
                var record = await runOne(i, abort.Token).ConfigureAwait(false);
                records[i] = record;
                if (record.Status is RunStatus.Failed or RunStatus.TimedOut)
                {
                    var failed = Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, i, -1);
                    if (tolerance.IsExceeded(failed, count) && Interlocked.Exchange(ref exceeded, 1) == 0)
                        await abort.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        var workers = maxConcurrency <= 0 ? count : Math.Min(maxConcurrency, count);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker, CancellationToken.None))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new Outcome(records, failures, firstFailure, exceeded == 1);
    }
}
