namespace Backfill.Local.Asl.Model;

/// <summary>How a Retrier spreads its delays: FULL picks uniformly in [0, delay]; NONE uses the delay as is.</summary>
public enum JitterStrategy { None, Full }

/// <summary>
/// One element of a Retry field. Attempt n (0-based) waits IntervalSeconds × BackoffRate^n seconds, capped at
/// MaxDelaySeconds, then jittered; after MaxAttempts retries the error goes on to Catch.
/// </summary>
public sealed class Retrier
{
    public required IReadOnlyList<string> ErrorEquals { get; init; }
    public int IntervalSeconds { get; init; } = 1;
    public int MaxAttempts { get; init; } = 3;
    public double BackoffRate { get; init; } = 2.0;
    public int? MaxDelaySeconds { get; init; }
    public JitterStrategy Jitter { get; init; } = JitterStrategy.None;

    /// <summary>The delay before retry number <paramref name="attempt"/> + 1; <paramref name="unitRandom"/> in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double unitRandom)
    {
        var seconds = IntervalSeconds * Math.Pow(BackoffRate, attempt);
        if (MaxDelaySeconds is { } cap && seconds > cap) seconds = cap;
        if (Jitter == JitterStrategy.Full) seconds *= unitRandom;
        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>One element of a Catch field: matching errors continue at Next with the error placed at ResultPath.</summary>
public sealed class Catcher
{
    public required IReadOnlyList<string> ErrorEquals { get; init; }
    public required string Next { get; init; }
    public Paths.PathField ResultPath { get; init; }
}
