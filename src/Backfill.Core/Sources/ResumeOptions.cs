namespace Backfill.Core.Sources;

/// <summary>
/// How <see cref="ResumingStream"/> retries. <see cref="MaxAttempts"/> bounds consecutive failed attempts that made
/// no progress; any byte read resets the count, so a long download over a flaky link can resume many times.
/// </summary>
public sealed record ResumeOptions
{
    public static ResumeOptions Default { get; } = new();

    /// <summary>Attempts per failure (the first try included) before giving up with <see cref="SourceUnavailableException"/>.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Wait before the second attempt; each further attempt waits <see cref="BackoffFactor"/> times longer.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public double BackoffFactor { get; init; } = 2.0;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for one read to return any bytes before the connection is dropped and resumed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for one opening (connect, login, request, response headers).</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Waits between attempts; tests replace it so they do not sleep.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Told about every failed attempt that will be retried (for logs and progress output).</summary>
    public Action<SourceRetry>? OnRetry { get; init; }

    /// <summary>The wait before attempt number <paramref name="failures"/> + 1.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var seconds = InitialDelay.TotalSeconds * Math.Pow(BackoffFactor, Math.Max(0, failures - 1));
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>One failed attempt that <see cref="ResumingStream"/> is about to retry. <see cref="Error"/>'s message holds no credentials.</summary>
public sealed record SourceRetry(string DisplayUrl, long Position, int Attempt, TimeSpan Delay, Exception Error);
