namespace Backfill.Local.Asl.Execution;

/// <summary>
/// Time as the engine sees it: Wait states and Retry intervals go through <see cref="DelayAsync"/>, Task
/// timeouts and heartbeats through <see cref="CreateTimeout"/>, so tests can use <see cref="VirtualClock"/> and
/// never sleep.
/// </summary>
public interface IAslClock
{
    DateTimeOffset UtcNow { get; }

    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>A source that cancels itself once <paramref name="after"/> has passed on this clock.</summary>
    CancellationTokenSource CreateTimeout(TimeSpan after);
}

/// <summary>Real time: Task.Delay and timer-based cancellation.</summary>
public sealed class SystemClock : IAslClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);

    public CancellationTokenSource CreateTimeout(TimeSpan after) => new(after);
}
