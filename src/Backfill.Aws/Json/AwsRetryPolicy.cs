namespace Backfill.Aws.Json;

/// <summary>
/// When and how long to wait before retrying a throttled, 5xx or network-failed request: capped exponential
/// backoff with full jitter (the SDKs' "standard" mode: delay = random(0, 1) × min(MaxDelay, BaseDelay × 2^retry)).
/// </summary>
public sealed record AwsRetryPolicy
{
    /// <summary>Attempts in total, the first included (AwsClientOptions.MaxErrorRetry + 1 by default).</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How to wait (tests record the delays instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, ct) => Task.Delay(delay, ct);

    /// <summary>Jitter source in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    public static AwsRetryPolicy For(AwsClientOptions options) => new() { MaxAttempts = Math.Max(1, options.MaxErrorRetry + 1) };

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var ceiling = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        return TimeSpan.FromMilliseconds(Random() * Math.Min(MaxDelay.TotalMilliseconds, ceiling));
    }
}
