namespace Backfill.Core.Sources;

/// <summary>Runs one network step with a time limit, turning the limit into a <see cref="TimeoutException"/> (transient).</summary>
internal static class Deadline
{
    public static async Task<T> RunAsync<T>(TimeSpan limit, string what, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(limit);
        try
        {
            return await step(timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not finish within {limit.TotalSeconds:0.#} s", e);
        }
    }

    public static Task RunAsync(TimeSpan limit, string what, Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        RunAsync(limit, what, async ct => { await step(ct).ConfigureAwait(false); return true; }, cancellationToken);
}
