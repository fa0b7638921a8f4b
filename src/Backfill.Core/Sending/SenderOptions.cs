using Backfill.Core.Ingest;

namespace Backfill.Core.Sending;

/// <summary>What the sender needs besides the chunk and the settings: time, randomness and client-side ingest.</summary>
public sealed class SenderOptions
{
    /// <summary>Clock and timers for backoff and deadlines; tests pass one that advances without sleeping.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Jitter source; returns values in [0, 1). Called under a lock.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>
    /// Time kept back before the deadline for finishing in-flight requests and publishing dead letters. No new batch
    /// starts, and no backoff sleeps, past <c>deadline - reserve - (longest request so far)</c>.
    /// </summary>
    public TimeSpan DeadlineReserve { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The pipeline to run in the sender when <c>ingest</c> is "client" (null otherwise).</summary>
    public IngestPipeline? ClientPipeline { get; init; }

    public int MaxLineBytes { get; init; } = ChunkLineReader.DefaultMaxLineBytes;

    /// <summary>Overrides <see cref="RetryPolicy.From"/> (tests shorten delays).</summary>
    public RetryPolicy? Retry { get; init; }
}
