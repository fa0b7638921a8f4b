using Backfill.Core.Input;

namespace Backfill.Core.Sending;

/// <summary>
/// Exponential backoff with full jitter (a uniformly random delay between zero and <c>BaseDelay·2^(attempt-1)</c>,
/// capped at <see cref="MaxDelay"/>), bounded both by attempts and by the total time spent retrying one batch.
/// A server's Retry-After, when given, is a lower bound for the next delay.
/// </summary>
/// <param name="MaxAttempts">Sends of one item, the first included.</param>
/// <param name="MaxElapsed">From a batch's first send, no retry starts after this.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan MaxElapsed, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    public static RetryPolicy From(OpenSearchSettings settings) =>
        new(settings.MaxAttempts, TimeSpan.FromSeconds(settings.MaxRetrySeconds), DefaultBaseDelay, DefaultMaxDelay);

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1; <paramref name="unitRandom"/> is in [0, 1).</summary>
    public TimeSpan Delay(int failedAttempts, double unitRandom, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var delay = TimeSpan.FromMilliseconds(ceiling * unitRandom);
        if (retryAfter is { } floor && floor > delay) delay = floor < MaxDelay ? floor : MaxDelay;
        return delay;
    }
}
